import { describe, expect, it } from 'vitest';
import {
  escapeSlack,
  SLACK_LIMITS,
  type SlackBlock,
  slackPayload,
} from '../../functions/adapters/slack-blocks';
import { toCaseAlert } from '../../functions/domain/alerting';
import type { RecoveryCase } from '../../functions/domain/model';
import { digestMessage } from '../../functions/use-cases/send-alert-digest';

const consoleUrl = 'https://console.example.com/';

function aCase(overrides: Partial<RecoveryCase> = {}): RecoveryCase {
  return {
    caseId: 'case-1',
    invitationId: 'inv-1',
    interactionId: 'T-1001',
    customerId: 'C-42',
    score: 2,
    comment: 'Waited 40 minutes & nobody called back.\nSecond line',
    sentiment: 'negative',
    status: 'open',
    createdAt: '2026-11-23T10:00:00.000Z',
    dueAt: '2026-11-23T14:00:00.000Z',
    agentId: 'A-7',
    teamId: 'billing',
    product: 'fiber',
    channel: 'email',
    owner: 'billing-care',
    severity: 'high',
    customerName: 'Ana',
    customerContact: 'ana@example.com',
    history: [],
    ...overrides,
  };
}

const texts = (blocks: SlackBlock[]): string[] =>
  blocks.flatMap((block) => {
    switch (block.type) {
      case 'header':
        return [block.text.text];
      case 'section':
        return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)];
      case 'context':
        return block.elements.map((e) => e.text);
      default:
        return [];
    }
  });

describe('Slack Block Kit of a case alert', () => {
  it('shows score, severity, sentiment, customer, interaction, agent, due time, the comment and a link', () => {
    // Prepare
    const message = { subject: 's', body: 'b', case: toCaseAlert(aCase(), consoleUrl) };

    // Act
    const payload = slackPayload(message);

    // Assess
    const [header, facts, comment, actions] = payload.blocks;
    expect(header).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(header?.type === 'header' && header.text.text).toContain('Detractor 2/10');
    expect(facts?.type).toBe('section');
    const fields = facts?.type === 'section' ? (facts.fields ?? []).map((f) => f.text) : [];
    expect(fields).toEqual([
      '*Score*\n2/10 (detractor)',
      '*Severity*\nhigh',
      '*Sentiment*\nnegative',
      '*Customer*\nAna\nana@example.com',
      '*Interaction*\nT-1001 via email',
      '*Agent / team / product*\nA-7 / billing / fiber',
      '*Owner*\nbilling-care',
      // Slack renders the date in each reader's zone; the ISO time is the fallback.
      `*First contact due*\n<!date^${Date.parse('2026-11-23T14:00:00Z') / 1000}^{date_short_pretty} {time}|2026-11-23T14:00:00Z>`,
    ]);
    expect(comment).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Comment*\n>Waited 40 minutes &amp; nobody called back.\n>Second line',
        verbatim: true,
      },
    });
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        expect.objectContaining({
          type: 'button',
          url: 'https://console.example.com/cases/case-1',
          style: 'danger',
        }),
      ],
    });
    expect(payload.text).toContain('Detractor 2/10 (high severity) from Ana');
  });

  it('escapes what customers write, so a comment can neither inject markup nor ping the channel', () => {
    // Prepare
    const hostile = aCase({
      comment: '<script>alert(1)</script> <!channel> <https://evil.example|click> & more',
      customerName: 'Eve <admin>',
    });

    // Act
    const payload = slackPayload({ subject: 's', body: 'b', case: toCaseAlert(hostile, consoleUrl) });

    // Assess
    const all = [payload.text, ...texts(payload.blocks)].join('\n');
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('Eve &lt;admin&gt;');
    expect(all).not.toContain('<script>');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil.example');
    expect(all).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('says so when there is no comment, and keeps a long comment within Block Kit limits', () => {
    const none = slackPayload({
      subject: 's',
      body: 'b',
      case: toCaseAlert(aCase({ comment: undefined }), consoleUrl),
    });
    expect(texts(none.blocks)).toContain('*Comment*\n_No comment_');

    const long = slackPayload({
      subject: 's',
      body: 'b',
      case: toCaseAlert(aCase({ comment: '<&>'.repeat(1700) }), consoleUrl),
    });
    const quoted = long.blocks[2];
    const text = quoted?.type === 'section' ? (quoted.text?.text ?? '') : '';
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('escapes only &, < and >', () => {
    expect(escapeSlack('a & b < c > d * _ ~ `')).toBe('a &amp; b &lt; c &gt; d * _ ~ `');
  });
});

describe('Slack Block Kit of a digest', () => {
  it('lists each case with its link and carries no contact details or comments', () => {
    // Prepare
    const cases = [
      aCase({ caseId: 'c-1', score: 5, severity: 'normal', sentiment: 'neutral' }),
      aCase({ caseId: 'c-2', score: 6, severity: 'normal', teamId: 'support' }),
    ];

    // Act
    const message = digestMessage('digest-1', cases, consoleUrl);
    const payload = slackPayload(message);

    // Assess
    expect(payload.text).toBe('Lifeline digest: 2 detractor cases of normal severity');
    const lines = payload.blocks.filter((b) => b.type === 'section');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      accessory: { type: 'button', url: 'https://console.example.com/cases/c-1' },
    });
    expect(lines[1]?.type === 'section' && lines[1].text?.text).toContain('team support');
    const all = [message.body, JSON.stringify(payload)].join('\n');
    for (const personal of ['Ana', 'ana@example.com', 'Waited 40 minutes'])
      expect(all).not.toContain(personal);
  });

  it('stays within 50 blocks however many cases it lists', () => {
    const cases = Array.from({ length: 120 }, (_, i) => aCase({ caseId: `c-${i}`, severity: 'normal' }));
    const payload = slackPayload(digestMessage('digest-2', cases, consoleUrl));
    expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(texts(payload.blocks).at(-1)).toMatch(/and \d+ more/);
  });
});

describe('Slack Block Kit of an escalation', () => {
  const escalation = (level: number, overrides: Partial<RecoveryCase> = {}, to?: string) =>
    slackPayload({
      subject: 's',
      body: 'b',
      escalationLevel: level,
      to,
      case: toCaseAlert(aCase(overrides), consoleUrl),
    });

  it('says the level and whom it went to above the case as its alert shows it', () => {
    // Act
    const payload = escalation(1, {}, 'lead <b>@example.com');
    const alert = slackPayload({ subject: 's', body: 'b', case: toCaseAlert(aCase(), consoleUrl) });

    // Assess
    const [header, why, ...rest] = payload.blocks;
    expect(header?.type === 'header' && header.text.text).toBe(
      ':rotating_light: Escalation level 1 of 2 · detractor 2/10 not contacted',
    );
    expect(why?.type === 'section' && why.text?.text).toContain('Nobody has contacted this customer yet');
    expect(why?.type === 'section' && why.text?.text).toContain('*Escalated to* lead &lt;b&gt;@example.com');
    expect(why).toMatchObject({ text: { verbatim: true } });
    // No more of the customer than the care-team alert: the same blocks after the header.
    expect(rest).toEqual(alert.blocks.slice(1));
    expect(payload.text).toBe('Escalation level 1: detractor 2/10 not contacted, team billing, case case-1');
  });

  it('says a level 2 is a full first-contact period late, and leaves out the recipient when there is none', () => {
    const payload = escalation(2);
    const why = payload.blocks[1];
    expect(why?.type === 'section' && why.text?.text).toContain(
      'a full first-contact period after it was due',
    );
    expect(texts(payload.blocks).join('\n')).not.toContain('Escalated to');
  });

  it('escapes what the customer wrote', () => {
    const payload = escalation(1, { comment: '<!channel> refund & <https://evil.example|click>' });
    const all = texts(payload.blocks).join('\n');
    expect(all).toContain('&lt;!channel&gt; refund &amp; &lt;https://evil.example|click&gt;');
    expect(all).not.toContain('<!channel>');
  });
});
