import { describe, expect, it } from 'vitest';
import { digestDueAt, dueDigestWeek, weekOf } from '../../functions/domain/digest-schedule';
import { buildLeadershipDigest, type LeadershipDigestInput } from '../../functions/domain/leadership-digest';
import type { NpsCounts, RecoveryCase, SurveyResponse } from '../../functions/domain/model';
import { categorize, countsOf } from '../../functions/domain/nps';
import { type EmailMessage, PermanentDeliveryError } from '../../functions/domain/ports';
import type {
  AggregateRow,
  LeadershipDigestClaims,
  ReportStore,
  ThemeStore,
  TopicRow,
} from '../../functions/domain/store';
import { COMMENTED_ROW, classifyTopics } from '../../functions/domain/themes';
import {
  DIGEST_SEND_LEASE_MS,
  LeadershipDigestDeliveryError,
  type SendLeadershipDigestDeps,
  sendLeadershipDigest,
} from '../../functions/use-cases/send-leadership-digest';

const W47 = weekOf('2026-11-16');
const mondayEight = { weekday: 'monday', hour: 8, timeZone: 'UTC' } as const;

describe('digest schedule', () => {
  it('names weeks by ISO week, across year ends', () => {
    expect(W47).toEqual({ isoWeek: '2026-W47', from: '2026-11-16', to: '2026-11-22' });
    expect(weekOf('2026-12-28').isoWeek).toBe('2026-W53');
    expect(weekOf('2024-12-30').isoWeek).toBe('2025-W01');
    expect(weekOf('2027-01-04').isoWeek).toBe('2027-W01');
  });

  it('is due once the weekday and hour have passed, for the last complete week, and not two days late', () => {
    expect(dueDigestWeek(new Date('2026-11-23T07:59:59Z'), mondayEight)).toBeUndefined();
    expect(dueDigestWeek(new Date('2026-11-23T08:00:00Z'), mondayEight)?.week).toEqual(W47);
    expect(dueDigestWeek(new Date('2026-11-25T07:00:00Z'), mondayEight)?.week).toEqual(W47);
    expect(dueDigestWeek(new Date('2026-11-25T08:00:00Z'), mondayEight)).toBeUndefined();
    expect(dueDigestWeek(new Date('2026-11-30T08:00:00Z'), mondayEight)?.week.isoWeek).toBe('2026-W48');
  });

  it('reads the weekday and hour in the configured time zone, never before the UTC week has ended', () => {
    const at = (timeZone: string, weekday = 'monday' as const, hour = 8) =>
      digestDueAt(W47, { weekday, hour, timeZone }).toISOString();
    expect(at('Europe/Madrid')).toBe('2026-11-23T07:00:00.000Z');
    expect(at('America/Los_Angeles')).toBe('2026-11-23T16:00:00.000Z');
    // Monday 08:00 in Auckland is Sunday 19:00 UTC: the week is not over, so at its end.
    expect(at('Pacific/Auckland')).toBe('2026-11-23T00:00:00.000Z');
    // Sunday 23:00 in Los Angeles right after the week is Monday 07:00 UTC.
    expect(
      digestDueAt(W47, { weekday: 'sunday', hour: 23, timeZone: 'America/Los_Angeles' }).toISOString(),
    ).toBe('2026-11-23T07:00:00.000Z');
    expect(digestDueAt(W47, { weekday: 'wednesday', hour: 14, timeZone: 'UTC' }).toISOString()).toBe(
      '2026-11-25T14:00:00.000Z',
    );
  });
});

const input = (overrides: Partial<LeadershipDigestInput> = {}): LeadershipDigestInput => ({
  week: W47,
  nps: {
    responses: 120,
    promoters: 60,
    passives: 40,
    detractors: 20,
    nps: 33.3,
    marginOfError: 13.3,
    lowSample: false,
  },
  comparison: {
    responses: 100,
    nps: 10,
    marginOfError: 15.2,
    lowSample: false,
    delta: 23.3,
    deltaMarginOfError: 20.1,
    significant: true,
  },
  trend: [
    { period: '2026-11-09', responses: 100, nps: 10, marginOfError: 15.2, lowSample: false },
    { period: '2026-11-16', responses: 120, nps: 33.3, marginOfError: 13.3, lowSample: false },
  ],
  commented: 45,
  topics: [
    { topic: 'wait_time', responses: 12, detractors: 8, nps: -50, marginOfError: 40.1, lowSample: true },
    { topic: 'billing', responses: 40, detractors: 5, nps: 25, marginOfError: 22.2, lowSample: false },
  ],
  topDetractorTopics: ['wait_time', 'billing'],
  cases: { open: 7, overdue: 2 },
  dashboardUrl: 'https://lifeline.example.com/dashboard',
  minResponses: 30,
  ...overrides,
});

describe('leadership digest email', () => {
  it('states the NPS with its margin, the change on the week before and its significance', () => {
    const { subject, text, html } = buildLeadershipDigest(input());
    expect(subject).toBe('Lifeline weekly digest 2026-W47: NPS +33.3 ± 13.3');
    expect(text).toContain('Week 2026-W47, 2026-11-16 to 2026-11-22 (UTC days)');
    expect(text).toContain('NPS: +33.3 ± 13.3 (120 answers: 60 promoters, 40 passives, 20 detractors)');
    expect(text).toContain(
      'The week before: +10.0 ± 15.2 (100 answers). Up 23.3 ± 20.1 points: a significant change (95%).',
    );
    expect(html).toContain('+33.3 ± 13.3');
    expect(html).toContain('Up 23.3 ± 20.1 points: a significant change (95%).');
    expect(text).not.toContain('Low sample');
  });

  it('says when a change is within the margin, when there is no baseline, and flags a low sample', () => {
    const notSignificant = buildLeadershipDigest(
      input({
        nps: {
          responses: 20,
          promoters: 8,
          passives: 6,
          detractors: 6,
          nps: 10,
          marginOfError: 36.1,
          lowSample: true,
        },
        comparison: { ...input().comparison, delta: -4.5, deltaMarginOfError: 30.2, significant: false },
      }),
    );
    expect(notSignificant.text).toContain(
      'Down 4.5 ± 30.2 points: within the margin of error: not significant.',
    );
    expect(notSignificant.text).toContain('Low sample: fewer than 30 answers');
    expect(notSignificant.html).toContain('Low sample: fewer than 30 answers');

    const noBaseline = buildLeadershipDigest(
      input({
        comparison: {
          responses: 0,
          nps: null,
          marginOfError: null,
          lowSample: true,
          delta: null,
          deltaMarginOfError: null,
          significant: null,
        },
      }),
    );
    expect(noBaseline.text).toContain('The week before had no answers: no comparison.');

    const empty = buildLeadershipDigest(
      input({
        nps: {
          responses: 0,
          promoters: 0,
          passives: 0,
          detractors: 0,
          nps: null,
          marginOfError: null,
          lowSample: true,
        },
      }),
    );
    expect(empty.subject).toBe('Lifeline weekly digest 2026-W47: NPS no answers');
    expect(empty.text).toContain('NPS: no answers\n');
  });

  it('draws the trend as a table of CSS bars in HTML and as text bars, negatives left of zero', () => {
    const { html, text } = buildLeadershipDigest(
      input({
        trend: [
          { period: '2026-11-02', responses: 0, nps: null, marginOfError: null, lowSample: true },
          { period: '2026-11-09', responses: 40, nps: -42, marginOfError: 25, lowSample: false },
          { period: '2026-11-16', responses: 120, nps: 33.3, marginOfError: 13.3, lowSample: false },
        ],
      }),
    );
    expect(html).not.toMatch(/<svg|<script|<style/i);
    expect(html).toContain('width:42px;height:12px;background:#b91c1c');
    expect(html).toContain('width:33px;height:12px;background:#15803d');
    expect(text).toContain('Trend, 3 weeks (weekly NPS ± 95% margin, answers):');
    expect(text).toMatch(/2026-11-02 {2}no answers {6}\s+0 {2} {10}\|\n/);
    expect(text).toMatch(/2026-11-09 {2}-42\.0 ± 25\.0 +40 {2} {6}----\|\n/);
    expect(text).toMatch(/2026-11-16 {2}\+33\.3 ± 13\.3 +120 {2} {10}\|\+\+\+\n/);
  });

  it('lists the topics with the top detractor topics, the open and overdue cases and the dashboard link', () => {
    const { html, text } = buildLeadershipDigest(input());
    expect(text).toContain('45 answers with a comment');
    expect(text).toContain('Top detractor topics: wait time, billing.');
    expect(text).toContain('- wait time: 12 answers, NPS -50.0 ± 40.1 (low sample)');
    expect(text).toContain('- billing: 40 answers, NPS +25.0 ± 22.2\n');
    expect(text).toContain('Recovery cases: 7 open cases, 2 overdue');
    expect(text).toContain('Dashboard: https://lifeline.example.com/dashboard');
    expect(html).toContain('<tr data-topic="wait_time">');
    expect(html).toContain('<a href="https://lifeline.example.com/dashboard"');
    expect(html.match(/top detractor topic</g)).toHaveLength(2);
  });

  it('escapes everything it puts in HTML', () => {
    const { html } = buildLeadershipDigest(
      input({
        dashboardUrl: 'https://x.example.com/"><script>alert(1)</script>',
        topics: [
          { topic: '<b>&"', responses: 1, detractors: 1, nps: -100, marginOfError: 0, lowSample: true },
        ],
        topDetractorTopics: ['<b>&"'],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="https://x.example.com/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('&lt;b&gt;&amp;&quot;');
  });
});

// ---- the use case, with in-memory ports --------------------------------------------------------

const counts = (promoters: number, passives: number, detractors: number): NpsCounts => ({
  promoters,
  passives,
  detractors,
});

/** The daily aggregates given, and topic counts made from the responses' own topics. */
function fakeReports(rows: AggregateRow[], responses: SurveyResponse[]): ReportStore & ThemeStore {
  const ofDay = (day: string) => responses.filter((r) => r.submittedAt.startsWith(day));
  return {
    readAggregates: async (dimension, from, to) =>
      dimension === 'all' ? rows.filter((r) => r.day >= from && r.day <= to) : [],
    async *responsesOfDay(day) {
      yield ofDay(day);
    },
    readTopics: async (from, to) =>
      responses
        .filter((r) => r.submittedAt.slice(0, 10) >= from && r.submittedAt.slice(0, 10) <= to)
        .flatMap((r): TopicRow[] =>
          [...(r.topics ?? []), COMMENTED_ROW as TopicRow['topic']].map(
            (topic): TopicRow => ({
              day: r.submittedAt.slice(0, 10),
              topic,
              ...countsOf(categorize(r.score)),
            }),
          ),
        ),
    async *recentResponsesOfDay(day) {
      yield ofDay(day);
    },
  };
}

function fakeClaims() {
  const items = new Map<string, { claimedAt: string; sentAt?: string; outcome?: object }>();
  const key = (week: string, to: string) => `${week}|${to.toLowerCase()}`;
  const claims: LeadershipDigestClaims = {
    claimDigestSend: async (week, to, now, leaseMs) => {
      const item = items.get(key(week, to));
      if (item && (item.sentAt || Date.parse(item.claimedAt) > now.getTime() - leaseMs)) return false;
      items.set(key(week, to), { claimedAt: now.toISOString() });
      return true;
    },
    markDigestSent: async (week, to, at, outcome) => {
      items.set(key(week, to), { claimedAt: at.toISOString(), sentAt: at.toISOString(), outcome });
    },
    releaseDigestSend: async (week, to, claimedAt) => {
      const item = items.get(key(week, to));
      if (item && !item.sentAt && item.claimedAt === claimedAt.toISOString()) items.delete(key(week, to));
    },
  };
  return { claims, items };
}

const response = (invitationId: string, day: string, score: number, comment: string): SurveyResponse =>
  ({
    invitationId,
    submittedAt: `${day}T10:00:00Z`,
    score,
    comment,
    language: 'en',
    topics: classifyTopics(comment, 'en'),
    keyPhrases: ['secret street'],
  }) as SurveyResponse;

const openCase = (caseId: string, dueAt: string): RecoveryCase =>
  ({ caseId, status: 'open', dueAt, customerName: 'Ana Secret' }) as RecoveryCase;

function deps(overrides: Partial<SendLeadershipDigestDeps> = {}) {
  const sent: EmailMessage[] = [];
  const { claims, items } = fakeClaims();
  const reports = fakeReports(
    [
      // W47: 60/40/20 → NPS 33.3 ± 13.3; W46: 30/40/30 → 0.0 ± 15.2; W45: 10/0/30 → −50.0 ± 26.8.
      { day: '2026-11-18', group: '-', ...counts(60, 40, 20) },
      { day: '2026-11-10', group: '-', ...counts(30, 40, 30) },
      { day: '2026-11-03', group: '-', ...counts(10, 0, 30) },
    ],
    [
      response('i1', '2026-11-18', 2, 'Waited an hour on hold, Ana from 12 Secret Street'),
      response('i2', '2026-11-19', 10, 'Quick refund, thanks'),
    ],
  );
  const themes = { store: reports };
  const all: SendLeadershipDigestDeps = {
    reports,
    cases: {
      listCases: async () => [openCase('c1', '2026-11-20T09:00:00Z'), openCase('c2', '2026-11-24T09:00:00Z')],
    },
    claims,
    email: {
      sendEmail: async (message) => {
        sent.push(message);
        return { messageId: `m-${sent.length}` };
      },
    },
    themes,
    recipients: ['ceo@example.com', 'cfo@example.com', 'CEO@example.com '],
    schedule: mondayEight,
    dashboardUrl: 'https://lifeline.example.com/dashboard',
    minResponses: 30,
    ...overrides,
  };
  return { deps: all, sent, items };
}

const mondayNine = new Date('2026-11-23T09:00:00Z');

describe('sendLeadershipDigest', () => {
  it('sends the due week to each recipient once, with the week’s figures and no customer data', async () => {
    // Prepare
    const { deps: d, sent, items } = deps();

    // Act
    const first = await sendLeadershipDigest(d, mondayNine);
    const again = await sendLeadershipDigest(d, new Date('2026-11-23T10:00:00Z'));

    // Assess
    expect(first).toEqual({ state: 'done', isoWeek: '2026-W47', sent: 2, refused: 0 });
    expect(again).toEqual({ state: 'done', isoWeek: '2026-W47', sent: 0, refused: 0 });
    expect(sent.map((m) => m.to)).toEqual(['ceo@example.com', 'cfo@example.com']);
    expect(items.get('2026-W47|ceo@example.com')?.outcome).toEqual({ messageId: 'm-1' });
    const [email] = sent;
    expect(email?.subject).toBe('Lifeline weekly digest 2026-W47: NPS +33.3 ± 13.3');
    expect(email?.text).toContain(
      'The week before: 0.0 ± 15.2 (100 answers). Up 33.3 ± 20.2 points: a significant change',
    );
    expect(email?.text).toContain('2026-11-02  -50.0 ± 26.8');
    expect(email?.text).toMatch(/Trend, 8 weeks/);
    expect(email?.text).toContain('2 answers with a comment');
    expect(email?.text).toContain('Top detractor topics: wait time.');
    expect(email?.text).toContain('Recovery cases: 2 open cases, 1 overdue');
    for (const body of [email?.text, email?.html]) {
      expect(body).not.toMatch(/Secret|secret street|\bon hold\b|refund/i);
    }
  });

  it('does nothing without recipients or before the digest is due', async () => {
    const { deps: d, sent } = deps({ recipients: undefined });
    expect(await sendLeadershipDigest(d, mondayNine)).toEqual({ state: 'off' });
    const { deps: early, sent: none } = deps();
    expect(await sendLeadershipDigest(early, new Date('2026-11-23T07:00:00Z'))).toEqual({ state: 'not_due' });
    expect([...sent, ...none]).toHaveLength(0);
  });

  it('gives a failed send back so the next run retries it, without resending the others', async () => {
    // Prepare: the CFO's send fails once
    const { deps: d, sent } = deps();
    let failures = 0;
    const email = d.email;
    d.email = {
      sendEmail: async (message) => {
        if (message.to === 'cfo@example.com' && failures++ === 0) throw new Error('SES is down');
        return email.sendEmail(message);
      },
    };

    // Act
    const failed = sendLeadershipDigest(d, mondayNine);
    await expect(failed).rejects.toBeInstanceOf(LeadershipDigestDeliveryError);
    const retry = await sendLeadershipDigest(d, new Date('2026-11-23T10:00:00Z'));

    // Assess
    expect(retry).toMatchObject({ sent: 1 });
    expect(sent.map((m) => m.to)).toEqual(['ceo@example.com', 'cfo@example.com']);
  });

  it('records a permanent refusal instead of retrying it every hour', async () => {
    const { deps: d, items } = deps({
      recipients: ['gone@example.com'],
      email: {
        sendEmail: async () => {
          throw new PermanentDeliveryError('MessageRejected: the provider refused the message');
        },
      },
    });
    expect(await sendLeadershipDigest(d, mondayNine)).toMatchObject({ sent: 0, refused: 1 });
    expect(await sendLeadershipDigest(d, new Date('2026-11-23T10:00:00Z'))).toMatchObject({ refused: 0 });
    expect(items.get('2026-W47|gone@example.com')?.outcome).toEqual({
      refused: 'MessageRejected: the provider refused the message',
    });
  });

  it('takes over a claim whose run vanished once the lease is over', async () => {
    const { deps: d, sent } = deps({ recipients: ['ceo@example.com'] });
    // A run claimed at 09:00 and crashed before sending.
    await d.claims.claimDigestSend('2026-W47', 'ceo@example.com', mondayNine, DIGEST_SEND_LEASE_MS);
    const during = await sendLeadershipDigest(d, new Date(mondayNine.getTime() + DIGEST_SEND_LEASE_MS - 1));
    const after = await sendLeadershipDigest(d, new Date(mondayNine.getTime() + DIGEST_SEND_LEASE_MS));
    expect(during).toMatchObject({ sent: 0 });
    expect(after).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
  });
});
