import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../functions/domain/csv';
import { ConflictError, ValidationError } from '../../functions/domain/errors';
import type { RecoveryCase } from '../../functions/domain/model';
import {
  opensRecoveryCase,
  routeCase,
  type TeamRouting,
  transitionCase,
} from '../../functions/domain/recovery';

const openCase: RecoveryCase = {
  caseId: 'case_1',
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  score: 3,
  status: 'open',
  createdAt: '2026-11-23T10:00:00Z',
  dueAt: '2026-11-24T10:00:00Z',
  channel: 'email',
  history: [],
};
const at = new Date('2026-11-23T11:00:00Z');

describe('recovery cases', () => {
  it('opens a case for scores 0 to 6 only', () => {
    expect([0, 6, 7, 10].map(opensRecoveryCase)).toEqual([true, true, false, false]);
  });

  it('moves open to contacted to resolved and keeps every note', () => {
    const contacted = transitionCase(
      openCase,
      { status: 'contacted', note: 'left a voicemail', assignee: 'sam' },
      at,
    );
    const resolved = transitionCase(contacted, { status: 'resolved', outcome: 'recovered' }, at);
    expect(resolved).toMatchObject({ status: 'resolved', assignee: 'sam', outcome: 'recovered' });
    expect(resolved.history.map((h) => h.status)).toEqual(['contacted', 'resolved']);
    expect(resolved.history[0]?.note).toBe('left a voicemail');
  });

  it('refuses to change a resolved case', () => {
    const resolved = { ...openCase, status: 'resolved' as const };
    expect(() => transitionCase(resolved, { status: 'contacted' }, at)).toThrow(ConflictError);
  });

  it('accepts an outcome only when resolving', () => {
    expect(() => transitionCase(openCase, { status: 'contacted', outcome: 'recovered' }, at)).toThrow(
      ValidationError,
    );
  });
});

describe('CSV cells', () => {
  it('neutralises cells that a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
    ]);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 7, undefined])).toBe(
      '"a,b","say ""hi""","two\nlines",7,\r\n',
    );
  });
});

describe('case routing', () => {
  const routing: TeamRouting = {
    calendar: { timeZone: 'Europe/Madrid', open: 9, close: 17, days: [1, 2, 3, 4, 5] },
    owner: 'billing-care',
    highSeverityHours: 4,
    normalHours: 8,
  };
  // Friday 2026-11-27, 16:00 in Madrid.
  const friday4pm = new Date('2026-11-27T15:00:00Z');

  it('makes scores 0–3 and negative comments high severity, due in four business hours', () => {
    expect(routeCase(2, 'neutral', routing, friday4pm)).toEqual({
      severity: 'high',
      owner: 'billing-care',
      dueAt: new Date('2026-11-30T11:00:00Z'), // Monday 12:00 in Madrid
    });
    expect(routeCase(6, 'negative', routing, friday4pm).severity).toBe('high');
  });

  it('gives other detractors one business day', () => {
    expect(routeCase(5, 'mixed', routing, friday4pm)).toEqual({
      severity: 'normal',
      owner: 'billing-care',
      dueAt: new Date('2026-11-30T15:00:00Z'), // Monday 16:00 in Madrid
    });
  });
});
