import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createApp, tuningOf } from '../../lib/app';

describe('tuning the functions through context "config"', () => {
  it('passes LIFELINE_* settings to every function, objects as JSON', () => {
    const teams = { billing: { timeZone: 'Europe/Madrid', lead: 'lead@example.com' } };
    const { stack } = createApp({
      context: {
        'aws:cdk:bundling-stacks': [],
        config: JSON.stringify({ LIFELINE_REMINDER_DAYS: 3, LIFELINE_TEAMS: teams }),
      },
    });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const lifeline = Object.values(functions).filter(
      (f) =>
        (f as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties
          .Environment?.Variables?.LIFELINE_COOLDOWN_DAYS,
    );
    expect(lifeline.length).toBeGreaterThan(5);
    for (const fn of lifeline) {
      const vars = (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties
        .Environment.Variables;
      expect(vars.LIFELINE_REMINDER_DAYS).toBe('3');
      expect(JSON.parse(String(vars.LIFELINE_TEAMS))).toEqual(teams);
    }
  });

  it('fails the synth on a bad value, naming the setting', () => {
    expect(() => tuningOf({ LIFELINE_REMINDER_DAYS: 90 })).toThrow(/LIFELINE_REMINDER_DAYS/);
    expect(() => tuningOf({ LIFELINE_TEAMS: { billing: { timeZone: 'Mars/Olympus' } } })).toThrow(
      /LIFELINE_TEAMS/,
    );
  });

  it('refuses settings the stack owns and unknown names', () => {
    expect(() => tuningOf({ LIFELINE_ADMIN_AUTH: 'token' })).toThrow(/cannot set LIFELINE_ADMIN_AUTH/);
    expect(() => tuningOf({ LIFELINE_TYPO: '1' })).toThrow(/cannot set LIFELINE_TYPO/);
    expect(() => tuningOf({ TABLE_NAME: 'x' })).toThrow(/cannot set TABLE_NAME/);
  });

  it('takes nothing when no config is given', () => {
    expect(tuningOf(undefined)).toEqual({});
  });
});
