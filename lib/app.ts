import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
  };

  const stack = new LifelineStack(app, context('stackName') ?? 'Lifeline', {
    description: 'Lifeline: customer-feedback and NPS pipeline',
    settings,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
