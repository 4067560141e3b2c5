/**
 * The weekly leadership digest: once the configured weekday and hour have passed, the digest of
 * the last complete week goes to each configured recipient, once.
 *
 * Exactly once per ISO week and recipient, however often or concurrently the schedule fires:
 * - each recipient's send is claimed (a conditional write) before the email goes out, and marked
 *   sent after; a run that finds the claim taken sends nothing;
 * - a failed send gives its claim back, so the next hourly run retries it; a provider's permanent
 *   refusal is recorded instead, so a bad address is not retried every hour;
 * - a run that crashed between its claim and its send is taken over after DIGEST_SEND_LEASE_MS.
 * The one window left (a crash after the provider took the email, before the marker is written) may
 * send that recipient the week again; nothing is ever lost.
 *
 * The figures are read once per run, and only when some recipient still needs the week.
 */
import { type DigestSchedule, type DigestWeek, dueDigestWeek } from '../domain/digest-schedule';
import { buildLeadershipDigest, type LeadershipDigestEmail } from '../domain/leadership-digest';
import { shiftDay } from '../domain/nps-statistics';
import { type EmailSender, PermanentDeliveryError } from '../domain/ports';
import type { CaseStore, LeadershipDigestClaims, ReportStore } from '../domain/store';
import { reportNps } from './report-nps';
import { reportThemes } from './report-themes';

/** What `reportThemes` needs; the caller builds it in one place. */
export type ThemesDeps = Parameters<typeof reportThemes>[0];

export interface SendLeadershipDigestDeps {
  reports: ReportStore;
  cases: Pick<CaseStore, 'listCases'>;
  claims: LeadershipDigestClaims;
  email: EmailSender;
  themes: ThemesDeps;
  /** `LIFELINE_DIGEST_RECIPIENTS`; unset or empty: no digest. */
  recipients: readonly string[] | undefined;
  schedule: DigestSchedule;
  /** The dashboard's URL, linked from the digest. */
  dashboardUrl: string;
  /** Figures on fewer answers are flagged low sample. */
  minResponses: number;
}

/** Longer than the function's timeout: a claim this old belongs to a run that is gone. */
export const DIGEST_SEND_LEASE_MS = 15 * 60_000;

/** Weeks in the trend, the digest's week last. */
export const TREND_WEEKS = 8;

export type LeadershipDigestRun =
  | { state: 'off' }
  | { state: 'not_due' }
  | { state: 'done'; isoWeek: string; sent: number; refused: number };

/** Some sends failed and were given back for the next run; the others went out. */
export class LeadershipDigestDeliveryError extends Error {
  override name = 'LeadershipDigestDeliveryError';
  constructor(
    readonly isoWeek: string,
    readonly sent: number,
    readonly causes: readonly unknown[],
  ) {
    super(`${causes.length} leadership digest email(s) of ${isoWeek} failed; the next run retries them`);
  }
}

/** Sends the due week's digest to every recipient still without it; `now` is the schedule's time. */
export async function sendLeadershipDigest(
  deps: SendLeadershipDigestDeps,
  now: Date,
): Promise<LeadershipDigestRun> {
  const recipients = distinct(deps.recipients ?? []);
  if (recipients.length === 0) return { state: 'off' };
  const due = dueDigestWeek(now, deps.schedule);
  if (!due) return { state: 'not_due' };
  const { isoWeek } = due.week;

  let email: LeadershipDigestEmail | undefined;
  let sent = 0;
  let refused = 0;
  const failures: unknown[] = [];
  for (const to of recipients) {
    if (!(await deps.claims.claimDigestSend(isoWeek, to, now, DIGEST_SEND_LEASE_MS))) continue;
    try {
      email ??= await composeLeadershipDigest(deps, due.week, now);
    } catch (error) {
      // Without figures there is nothing to send to anyone: give the claim back and fail the run.
      await deps.claims.releaseDigestSend(isoWeek, to, now);
      throw error;
    }
    try {
      const receipt = await deps.email.sendEmail({
        to,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      await deps.claims.markDigestSent(isoWeek, to, now, { messageId: receipt.messageId });
      sent++;
    } catch (error) {
      if (error instanceof PermanentDeliveryError) {
        await deps.claims.markDigestSent(isoWeek, to, now, { refused: error.message });
        refused++;
        continue;
      }
      await deps.claims.releaseDigestSend(isoWeek, to, now);
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new LeadershipDigestDeliveryError(isoWeek, sent, failures);
  return { state: 'done', isoWeek, sent, refused };
}

/** The digest of `week` from the aggregates, the week's comments' topics and the open cases. */
export async function composeLeadershipDigest(
  deps: Pick<SendLeadershipDigestDeps, 'reports' | 'cases' | 'themes' | 'dashboardUrl' | 'minResponses'>,
  week: DigestWeek,
  now: Date,
): Promise<LeadershipDigestEmail> {
  const { minResponses } = deps;
  const range = { from: week.from, to: week.to };
  const [current, trend, themes, open] = await Promise.all([
    reportNps(deps.reports, { ...range, compare: 'previous', minResponses }),
    reportNps(deps.reports, {
      from: shiftDay(week.from, -7 * (TREND_WEEKS - 1)),
      to: week.to,
      interval: 'week',
      minResponses,
    }),
    reportThemes(deps.themes, { ...range, minResponses }),
    deps.cases.listCases('open'),
  ]);
  const comparison = current.comparison ?? {
    responses: 0,
    nps: null,
    marginOfError: null,
    lowSample: true,
    delta: null,
    deltaMarginOfError: null,
    significant: null,
  };
  return buildLeadershipDigest({
    week,
    nps: current,
    comparison,
    trend: trend.series ?? [],
    commented: themes.commented,
    // Topics and their figures only: the key phrases are customers' words and stay out.
    topics: themes.topics.map(({ topic, responses, detractors, nps, marginOfError, lowSample }) => ({
      topic,
      responses,
      detractors,
      nps,
      marginOfError,
      lowSample,
    })),
    topDetractorTopics: themes.topDetractorTopics,
    cases: {
      open: open.length,
      overdue: open.filter((c) => Date.parse(c.dueAt) < now.getTime()).length,
    },
    dashboardUrl: deps.dashboardUrl,
    minResponses,
  });
}

/** Each address once, compared as the claims key them (case and spaces ignored). */
function distinct(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = address.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
