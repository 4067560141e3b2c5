import { describe, expect, it } from 'vitest';
import {
  addRateCounts,
  answerDeltas,
  emptyRateCounts,
  hasComment,
  percentage,
  rateFigures,
} from '../../functions/domain/rates';

const counts = (delivered: number, answered: number, commented: number) => ({
  ...emptyRateCounts(),
  invitations: delivered + 1,
  sent: delivered,
  delivered,
  answered,
  commented,
});

describe('rateFigures', () => {
  it('divides answered by delivered and commented by answered, one decimal', () => {
    expect(rateFigures(counts(3, 2, 1))).toMatchObject({ responseRate: 66.7, commentRate: 50 });
    expect(rateFigures(counts(8, 1, 1))).toMatchObject({ responseRate: 12.5, commentRate: 100 });
  });

  it('answers null when a denominator is zero', () => {
    expect(rateFigures(emptyRateCounts())).toMatchObject({ responseRate: null, commentRate: null });
    expect(rateFigures(counts(4, 0, 0))).toMatchObject({ responseRate: 0, commentRate: null });
  });

  it('keeps every counter beside the rates', () => {
    expect(Object.keys(rateFigures(emptyRateCounts()))).toEqual([
      'invitations',
      'suppressed',
      'sent',
      'delivered',
      'failed',
      'answered',
      'commented',
      'responseRate',
      'commentRate',
    ]);
  });

  it('rounds halves away from zero', () => {
    expect(percentage(1, 16)).toBe(6.3);
    expect(percentage(0, 0)).toBeNull();
  });
});

describe('addRateCounts', () => {
  it('adds every counter and ignores missing ones', () => {
    const total = addRateCounts(counts(2, 1, 0), { delivered: 1, failed: 2 });
    expect(total).toMatchObject({ delivered: 3, failed: 2, answered: 1 });
  });
});

describe('answerDeltas', () => {
  it('counts the first answer, with its comment', () => {
    expect(answerDeltas({ counted: false, commented: false }, true)).toEqual({ answered: 1, commented: 1 });
    expect(answerDeltas({ counted: false, commented: false }, false)).toEqual({ answered: 1, commented: 0 });
  });

  it('never counts a re-submission as a new answer, but moves its comment', () => {
    expect(answerDeltas({ counted: true, commented: true }, false)).toEqual({ answered: 0, commented: -1 });
    expect(answerDeltas({ counted: true, commented: false }, true)).toEqual({ answered: 0, commented: 1 });
    expect(answerDeltas({ counted: true, commented: true }, true)).toEqual({ answered: 0, commented: 0 });
  });

  it('reads a blank comment as none', () => {
    expect(hasComment('  \n ')).toBe(false);
    expect(hasComment(undefined)).toBe(false);
    expect(hasComment('ok')).toBe(true);
  });
});
