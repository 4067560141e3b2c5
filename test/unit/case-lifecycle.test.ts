/**
 * The recovery-case lifecycle: open → contacted → resolved with an outcome, reopen, and the
 * timestamps reporting needs (first contact, resolution).
 */
import { describe, expect, it } from 'vitest';
import { casePatchSchema } from '../../functions/admin-api/schemas';
import { ConflictError, ValidationError } from '../../functions/domain/errors';
import type { CaseStatus, RecoveryCase } from '../../functions/domain/model';
import { type CaseUpdate, transitionCase } from '../../functions/domain/recovery';

const base: RecoveryCase = {
  caseId: 'case_1',
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  score: 3,
  status: 'open',
  createdAt: '2026-11-23T10:00:00.000Z',
  dueAt: '2026-11-23T14:00:00.000Z',
  channel: 'email',
  history: [],
};
const monday = new Date('2026-11-23T11:00:00.000Z');
const tuesday = new Date('2026-11-24T09:30:00.000Z');
const wednesday = new Date('2026-11-25T16:00:00.000Z');

/** A case brought to `status` through the lifecycle itself. */
function caseIn(status: CaseStatus): RecoveryCase {
  if (status === 'open') return base;
  const contacted = transitionCase(base, { status: 'contacted', note: 'voicemail' }, monday);
  if (status === 'contacted') return contacted;
  return transitionCase(contacted, { status: 'resolved', outcome: 'recovered' }, tuesday);
}

/** The smallest valid update to `status`. */
const updateTo = (status: CaseStatus): CaseUpdate =>
  status === 'resolved' ? { status, outcome: 'not_recovered' } : { status };

describe('case transitions', () => {
  const allowed: [CaseStatus, CaseStatus][] = [
    ['open', 'contacted'],
    ['open', 'resolved'],
    ['contacted', 'contacted'],
    ['contacted', 'resolved'],
    ['resolved', 'open'],
  ];
  const forbidden: [CaseStatus, CaseStatus][] = [
    ['open', 'open'],
    ['contacted', 'open'],
    ['resolved', 'contacted'],
    ['resolved', 'resolved'],
  ];

  it.each(allowed)('lets a %s case become %s and records it in the history', (from, to) => {
    // Prepare
    const current = caseIn(from);
    // Act
    const next = transitionCase(current, { ...updateTo(to), note: 'why' }, wednesday);
    // Assess
    expect(next.status).toBe(to);
    expect(next.history).toHaveLength(current.history.length + 1);
    expect(next.history.at(-1)).toMatchObject({ at: wednesday.toISOString(), status: to, note: 'why' });
  });

  it.each(forbidden)('refuses to let a %s case become %s with a 409 invalid_transition', (from, to) => {
    const attempt = () => transitionCase(caseIn(from), updateTo(to), wednesday);
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(`A ${from} case cannot become ${to}.`);
    try {
      attempt();
    } catch (error) {
      expect((error as ConflictError).code).toBe('invalid_transition');
    }
  });

  it('covers every pair of statuses', () => {
    const statuses: CaseStatus[] = ['open', 'contacted', 'resolved'];
    const covered = [...allowed, ...forbidden].map(([from, to]) => `${from}>${to}`).sort();
    expect(covered).toEqual(statuses.flatMap((from) => statuses.map((to) => `${from}>${to}`)).sort());
  });
});

describe('assigning', () => {
  it('assigns an open case without changing its status, and without counting it as a contact', () => {
    // Act
    const assigned = transitionCase(base, { status: 'open', assignee: 'sam' }, monday);
    // Assess
    expect(assigned).toMatchObject({ status: 'open', assignee: 'sam' });
    expect(assigned.firstContactAt).toBeUndefined();
    expect(assigned.resolvedAt).toBeUndefined();
    expect(assigned.history.at(-1)).toEqual({ at: monday.toISOString(), status: 'open', assignee: 'sam' });
  });

  it('keeps the first contact of a reopened case when it is assigned again', () => {
    const reopened = transitionCase(caseIn('resolved'), { status: 'open' }, wednesday);
    const assigned = transitionCase(reopened, { status: 'open', assignee: 'kim' }, wednesday);
    expect(assigned).toMatchObject({ status: 'open', assignee: 'kim', firstContactAt: monday.toISOString() });
  });

  it('assigns a contacted case as it stays contacted', () => {
    const assigned = transitionCase(caseIn('contacted'), { status: 'contacted', assignee: 'kim' }, tuesday);
    expect(assigned).toMatchObject({
      status: 'contacted',
      assignee: 'kim',
      firstContactAt: monday.toISOString(),
    });
  });

  it('does not assign a resolved case: it is reopened first', () => {
    expect(() =>
      transitionCase(caseIn('resolved'), { status: 'resolved', assignee: 'kim' }, wednesday),
    ).toThrow(ConflictError);
  });
});

describe('outcomes', () => {
  it('resolves a case without an outcome, which the contract leaves optional', () => {
    const resolved = transitionCase(caseIn('contacted'), { status: 'resolved' }, wednesday);
    expect(resolved.status).toBe('resolved');
    expect(resolved.outcome).toBeUndefined();
  });

  it.each<CaseStatus>(['contacted', 'open'])('takes no outcome when the case becomes %s', (status) => {
    const from = status === 'open' ? caseIn('resolved') : base;
    expect(() => transitionCase(from, { status, outcome: 'recovered' }, wednesday)).toThrow(ValidationError);
  });

  it.each(['recovered', 'not_recovered', 'unreachable'] as const)('resolves with outcome %s', (outcome) => {
    const resolved = transitionCase(caseIn('contacted'), { status: 'resolved', outcome }, wednesday);
    expect(resolved).toMatchObject({ status: 'resolved', outcome, resolvedAt: wednesday.toISOString() });
    expect(resolved.history.at(-1)?.outcome).toBe(outcome);
  });
});

describe('first contact and resolution times', () => {
  it('records the first contact once, however many attempts follow', () => {
    const first = transitionCase(base, { status: 'contacted' }, monday);
    const second = transitionCase(first, { status: 'contacted', note: 'second try' }, tuesday);
    expect(first.firstContactAt).toBe(monday.toISOString());
    expect(second.firstContactAt).toBe(monday.toISOString());
    expect(second.resolvedAt).toBeUndefined();
  });

  it('counts resolving an open case directly as its first contact', () => {
    const resolved = transitionCase(base, { status: 'resolved', outcome: 'unreachable' }, tuesday);
    expect(resolved).toMatchObject({
      firstContactAt: tuesday.toISOString(),
      resolvedAt: tuesday.toISOString(),
    });
  });
});

describe('reopening', () => {
  it('reopens a resolved case: outcome and resolution time cleared, first contact and history kept', () => {
    // Prepare
    const resolved = caseIn('resolved');
    // Act
    const reopened = transitionCase(
      resolved,
      { status: 'open', note: 'customer called back, still no refund' },
      wednesday,
    );
    // Assess
    expect(reopened.status).toBe('open');
    expect(reopened.outcome).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.firstContactAt).toBe(monday.toISOString());
    expect(reopened.dueAt).toBe(base.dueAt);
    expect(reopened.history.map((h) => [h.status, h.note, h.outcome])).toEqual([
      ['contacted', 'voicemail', undefined],
      ['resolved', undefined, 'recovered'],
      ['open', 'customer called back, still no refund', undefined],
    ]);
  });

  it('finds the first contact in the history of a case resolved before the field existed', () => {
    const legacy: RecoveryCase = {
      ...base,
      status: 'resolved',
      outcome: 'recovered',
      history: [
        { at: monday.toISOString(), status: 'contacted' },
        { at: tuesday.toISOString(), status: 'resolved', outcome: 'recovered' },
      ],
    };
    expect(transitionCase(legacy, { status: 'open' }, wednesday).firstContactAt).toBe(monday.toISOString());
  });

  it('resolves a reopened case again with a new outcome and time', () => {
    const reopened = transitionCase(caseIn('resolved'), { status: 'open' }, wednesday);
    const later = new Date('2026-11-26T10:00:00.000Z');
    const again = transitionCase(reopened, { status: 'resolved', outcome: 'not_recovered' }, later);
    expect(again).toMatchObject({ outcome: 'not_recovered', resolvedAt: later.toISOString() });
    expect(again.history.map((h) => h.status)).toEqual(['contacted', 'resolved', 'open', 'resolved']);
  });
});

describe('PATCH /cases body', () => {
  it.each([
    { status: 'contacted', note: 'called', assignee: 'sam' },
    { status: 'resolved', outcome: 'recovered' },
    { status: 'resolved' },
    { status: 'open', note: 'reopened' },
  ])('accepts %j', (body) => {
    expect(casePatchSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    [{ status: 'contacted', outcome: 'recovered' }, 'outcome'],
    [{ status: 'open', outcome: 'recovered' }, 'outcome'],
    [{ status: 'closed' }, 'status'],
    [{ status: 'resolved', outcome: 'happy' }, 'outcome'],
  ])('refuses %j, naming %s', (body, field) => {
    const result = casePatchSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});
