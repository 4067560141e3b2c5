import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { type FunctionName, functions, queues, routes } from '../functions/wiring';
import { LifelineFunction } from './constructs/base-function';
import { EmailEvents } from './constructs/email-events';
import { Exports } from './constructs/exports';
import { FeedbackPipeline } from './constructs/feedback-pipeline';
import { InboundSms } from './constructs/inbound-sms';
import { Messaging } from './constructs/messaging';
import { Recovery } from './constructs/recovery';
import { TokenKeys } from './constructs/secrets';
import { Storage } from './constructs/storage';
import { SurveyApi } from './constructs/survey-api';
import { applyNeed } from './needs';

/** Deployment settings, read from CDK context by the app. */
export interface LifelineSettings {
  /** Base of every link sent to customers; default: the HTTP API's own endpoint. */
  readonly publicUrl?: string;
  /** A customer surveyed within this many days is not surveyed again. */
  readonly cooldownDays: string;
  /** Sender of survey emails (a verified SES identity, or an address of a verified domain). */
  readonly sesFromAddress: string;
  /** SMS origination identity (ARN, phone-number id or pool id); default: chosen by AWS. */
  readonly smsOriginationIdentity?: string;
  /** Secrets Manager secret (complete ARN) holding the Twilio auth token; unset: no Twilio webhook. */
  readonly twilioAuthTokenSecretArn?: string;
  /** Secrets Manager secret (complete ARN) holding the Slack incoming-webhook URL; unset: no Slack alerts. */
  readonly slackWebhookSecretArn?: string;
  /** Normal-severity alerts go in one digest at most every this many minutes; unset: each at once. */
  readonly alertDigestMinutes?: string;
  /** The functions' tunable `LIFELINE_*` settings (context `config`), already validated. */
  readonly tuning?: Readonly<Record<string, string>>;
}

export interface LifelineStackProps extends StackProps {
  readonly settings: LifelineSettings;
}

/**
 * Lifeline on AWS. Only wiring: the constructs own their resources, the wiring table says which
 * function serves which route and queue and what each one needs.
 */
export class LifelineStack extends Stack {
  constructor(scope: Construct, id: string, props: LifelineStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const storage = new Storage(this, 'Storage');
    const tokenKeys = new TokenKeys(this, 'TokenKeys');
    const recovery = new Recovery(this, 'Recovery');
    const messaging = new Messaging(this, 'Messaging', {
      fromAddress: settings.sesFromAddress,
      smsOriginationIdentity: settings.smsOriginationIdentity,
    });
    const api = new SurveyApi(this, 'SurveyApi');
    const pipeline = new FeedbackPipeline(this, 'Pipeline', { queues });
    const inboundSms = new InboundSms(this, 'InboundSms');
    const exports = new Exports(this, 'Exports');
    const emailEvents = new EmailEvents(this, 'EmailEvents', {
      configurationSet: messaging.configurationSet,
    });

    const resources = {
      table: storage.table,
      queues: pipeline.queues,
      alertTopic: recovery.alertTopic,
      tokenSecret: tokenKeys.secret,
      messaging,
      exportsBucket: exports.bucket,
      twilioTokenSecret: settings.twilioAuthTokenSecretArn
        ? secretsmanager.Secret.fromSecretCompleteArn(
            this,
            'TwilioAuthToken',
            settings.twilioAuthTokenSecretArn,
          )
        : undefined,
      slackWebhookSecret: settings.slackWebhookSecretArn
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'SlackWebhookUrl', settings.slackWebhookSecretArn)
        : undefined,
    };
    const environment = {
      LIFELINE_PUBLIC_URL: settings.publicUrl ?? api.url,
      LIFELINE_COOLDOWN_DAYS: settings.cooldownDays,
      ...(settings.alertDigestMinutes ? { LIFELINE_ALERT_DIGEST_MINUTES: settings.alertDigestMinutes } : {}),
      ...settings.tuning,
    };

    const lambdas = {} as Record<FunctionName, LifelineFunction>;
    for (const [name, spec] of Object.entries(functions) as [
      FunctionName,
      (typeof functions)[FunctionName],
    ][]) {
      const fn = new LifelineFunction(this, `${pascalCase(name)}Function`, { spec, environment });
      for (const need of spec.needs) applyNeed(fn, need, resources);
      if (spec.scheduleMinutes !== undefined) {
        new events.Rule(fn, 'Schedule', {
          description: `Runs ${name} every ${spec.scheduleMinutes} minute(s)`,
          schedule: events.Schedule.rate(Duration.minutes(spec.scheduleMinutes)),
          targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 0 })],
        });
      }
      if (spec.snsTopic === 'inbound-sms') {
        inboundSms.topic.addSubscription(new subscriptions.LambdaSubscription(fn.function));
      }
      if (spec.snsTopic === 'email-events') {
        emailEvents.topic.addSubscription(new subscriptions.LambdaSubscription(fn.function));
      }
      lambdas[name] = fn;
    }

    api.addRoutes(routes, lambdas);
    pipeline.connect(lambdas);

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: api.url });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool of the admins',
      value: api.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client of the admin console',
      value: api.adminClient.userPoolClientId,
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      description: 'Two-way SMS destination for AWS End User Messaging (customers replying to surveys)',
      value: inboundSms.topic.topicArn,
    });
    new CfnOutput(this, 'TableName', { description: 'The DynamoDB table', value: storage.table.tableName });
    new CfnOutput(this, 'AlertTopicArn', {
      description: 'SNS topic of care-team alerts (subscribe the care team here)',
      value: recovery.alertTopic.topicArn,
    });
  }
}

const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
