import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configSchema, parseConfig } from '../functions/platform/config';
import { type LifelineSettings, LifelineStack } from './lifeline-stack';

/**
 * Builds the Lifeline CDK app: the `Lifeline` stack (name overridable with context `stackName`)
 * checked by cdk-nag's AWS Solutions pack, whose unacknowledged findings make synth fail.
 * Shared by `bin/lifeline.ts` and the infrastructure tests so both check the same thing.
 */
export function createApp(props: AppProps = {}): { app: App; stack: LifelineStack } {
  const app = new App(props);
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };

  const settings: LifelineSettings = {
    publicUrl: context('publicUrl'),
    cooldownDays: context('cooldownDays') ?? '90',
    sesFromAddress: context('sesFromAddress') ?? 'surveys@example.com',
    smsOriginationIdentity: context('smsOriginationIdentity'),
    twilioAuthTokenSecretArn: context('twilioAuthTokenSecretArn'),
    slackWebhookSecretArn: context('slackWebhookSecretArn'),
    alertDigestMinutes: context('alertDigestMinutes'),
    tuning: tuningOf(app.node.tryGetContext('config')),
  };

  const stack = new LifelineStack(app, context('stackName') ?? 'Lifeline', {
    description: 'Lifeline: customer-feedback and NPS pipeline',
    settings,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** Settings the stack owns (resources, auth, delivery): not to be overridden through context. */
const OWNED_BY_STACK = new Set([
  'LIFELINE_PUBLIC_URL',
  'LIFELINE_ADMIN_AUTH',
  'LIFELINE_ADMIN_TOKEN',
  'LIFELINE_TOKEN_KEYS',
  'LIFELINE_TOKEN_SECRET_ARN',
  'LIFELINE_DELIVERY',
  'LIFELINE_SENTIMENT',
]);

/**
 * Context `config`: the functions' `LIFELINE_*` settings (teams, business hours, reminders,
 * sampling, quiet hours, minimum sample…), e.g. `-c config='{"LIFELINE_REMINDER_DAYS":3}'`.
 * Checked at synth by the functions' own config schema, so a bad value fails the synth, naming it.
 */
export function tuningOf(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Context "config" must be a JSON object of LIFELINE_* settings');
  }
  const tuning: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!name.startsWith('LIFELINE_') || !(name in configSchema.shape) || OWNED_BY_STACK.has(name)) {
      throw new Error(`Context "config" cannot set ${name}`);
    }
    tuning[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  parseConfig(tuning);
  return tuning;
}
