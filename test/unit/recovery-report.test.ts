import { describe, expect, it } from 'vitest';
import type { RecoveryCase } from '../../functions/domain/model';
import { breachedSla, recoveryFigures, recoveryFiguresByTeam } from '../../functions/domain/recovery-report';
import type { RecoveryReportStore } from '../../functions/domain/store';
import { reportRecovery } from '../../functions/use-cases/report-recovery';

const NOW = new Date('2026-03-10T12:00:00Z');

const aCase = (overrides: Partial<RecoveryCase>): RecoveryCase => ({
  caseId: 'case_1',
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  score: 2,
  status: 'open',
  channel: 'email',
  createdAt: '2026-03-02T10:00:00.000Z',
  dueAt: '2026-03-02T14:00:00.000Z',
  history: [],
  ...overrides,
});

describe('recoveryFigures', () => {
  it('gives null figures, not zeros or NaN, for no cases', () => {
    expect(recoveryFigures([], NOW)).toEqual({
      cases: 0,
      contacted: 0,
      medianHoursToFirstContact: null,
      meanHoursToFirstContact: null,
      slaBreachRate: null,
      followedUp: 0,
      recovered: 0,
      recoveryRate: null,
    });
  });

  it('measures wall-clock hours to first contact, median and mean to one decimal', () => {
    const cases = [
      aCase({ firstContactAt: '2026-03-02T10:30:00.000Z' }), // 0.5 h
      aCase({ firstContactAt: '2026-03-02T11:20:00.000Z' }), // 1.333 h
      aCase({ firstContactAt: '2026-03-03T10:00:00.000Z' }), // 24 h
      aCase({}),
    ];
    expect(recoveryFigures(cases, NOW)).toMatchObject({
      cases: 4,
      contacted: 3,
      medianHoursToFirstContact: 1.3,
      meanHoursToFirstContact: 8.6,
    });
  });

  it('counts a late first contact and an uncontacted case past due as breaches, not one still in time', () => {
    const late = aCase({ firstContactAt: '2026-03-02T15:00:00.000Z' });
    const overdue = aCase({});
    const notDueYet = aCase({ createdAt: '2026-03-10T11:00:00.000Z', dueAt: '2026-03-10T15:00:00.000Z' });
    const inTime = aCase({ firstContactAt: '2026-03-02T14:00:00.000Z' });
    expect([late, overdue, notDueYet, inTime].map((c) => breachedSla(c, NOW))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(recoveryFigures([late, overdue, notDueYet, inTime], NOW).slaBreachRate).toBe(0.5);
  });

  it('counts a follow-up score of 7 or more as recovered, over the followed-up cases only', () => {
    const cases = [
      aCase({ followUpScore: 7 }),
      aCase({ followUpScore: 10 }),
      aCase({ followUpScore: 6 }),
      aCase({}),
    ];
    expect(recoveryFigures(cases, NOW)).toMatchObject({ followedUp: 3, recovered: 2, recoveryRate: 0.667 });
  });

  it('groups by team, cases without one under unassigned', () => {
    const groups = recoveryFiguresByTeam(
      [aCase({ teamId: 'support' }), aCase({ teamId: 'billing' }), aCase({}), aCase({ teamId: 'billing' })],
      NOW,
    );
    expect(groups.map((g) => [g.key, g.cases])).toEqual([
      ['billing', 2],
      ['support', 1],
      ['unassigned', 1],
    ]);
  });
});

describe('reportRecovery', () => {
  const storeOf = (byDay: Record<string, RecoveryCase[]>) => {
    const asked: string[] = [];
    const store: RecoveryReportStore = {
      casesCreatedOn: async (day) => {
        asked.push(day);
        return byDay[day] ?? [];
      },
    };
    return { store, asked };
  };
  const clock = { now: () => NOW };

  it('reads every day of the range once, across a month end, and nothing outside it', async () => {
    const { store, asked } = storeOf({
      '2026-02-28': [aCase({ teamId: 'billing' })],
      '2026-03-01': [aCase({ teamId: 'support', followUpScore: 9 })],
    });

    const report = await reportRecovery(
      { store, clock },
      { from: '2026-02-27', to: '2026-03-02', groupBy: 'team' },
    );

    expect(asked.sort()).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(report).toMatchObject({
      from: '2026-02-27',
      to: '2026-03-02',
      cases: 2,
      followedUp: 1,
      recoveryRate: 1,
    });
    expect(report.groups?.map((g) => g.key)).toEqual(['billing', 'support']);
  });

  it('refuses a reversed range and one longer than the NPS cap', async () => {
    const { store } = storeOf({});
    await expect(
      reportRecovery({ store, clock }, { from: '2026-03-02', to: '2026-03-01' }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'invalid_range',
    });
    await expect(
      reportRecovery({ store, clock }, { from: '2020-01-01', to: '2026-01-01' }),
    ).rejects.toMatchObject({
      code: 'invalid_range',
    });
  });
});
