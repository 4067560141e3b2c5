import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { TABLE_INDEXES } from '../functions/adapters/dynamodb/table-design';
import type { QueueName } from '../functions/domain/ports';
import { type Need, queueUrlVariable } from '../functions/wiring';
import type { LifelineFunction } from './constructs/base-function';
import type { PipelineQueue } from './constructs/feedback-pipeline';
import type { Messaging } from './constructs/messaging';

/** Everything a function may need, as the stack built it. */
export interface NeedResources {
  readonly table: dynamodb.ITable;
  readonly queues: Record<QueueName, PipelineQueue>;
  readonly alertTopic: sns.ITopic;
  readonly tokenSecret: secretsmanager.ISecret;
  readonly messaging: Messaging;
  /** The Twilio auth token, when the deployment uses Twilio (context twilioAuthTokenSecretArn). */
  readonly twilioTokenSecret?: secretsmanager.ISecret;
  /** The Slack incoming-webhook URL, when alerts go to Slack too (context slackWebhookSecretArn). */
  readonly slackWebhookSecret?: secretsmanager.ISecret;
  /** Export files (large synchronous exports and asynchronous ones). */
  readonly exportsBucket: s3.IBucket;
}

/**
 * Gives a function one of its wiring-table needs: the IAM grant and the environment variable the
 * function's config reads, always together, so a function never has a permission without knowing
 * the resource, or a resource name without the permission.
 */
export function applyNeed(fn: LifelineFunction, need: Need, resources: NeedResources): void {
  switch (need) {
    case 'table:read':
      resources.table.grantReadData(fn.role);
      fn.addEnvironment('TABLE_NAME', resources.table.tableName);
      acknowledgeIndexWildcard(fn, resources.table);
      return;
    case 'table:write':
      resources.table.grantReadWriteData(fn.role);
      fn.addEnvironment('TABLE_NAME', resources.table.tableName);
      acknowledgeIndexWildcard(fn, resources.table);
      return;
    case 'comprehend':
      addPolicy(fn, 'ComprehendPolicy', {
        actions: [
          'comprehend:BatchDetectSentiment',
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectKeyPhrases',
        ],
        resources: ['*'],
        wildcardReason:
          "Amazon Comprehend's BatchDetectSentiment, BatchDetectDominantLanguage and BatchDetectKeyPhrases support no resource-level permissions; IAM only accepts '*' for them.",
      });
      fn.addEnvironment('LIFELINE_SENTIMENT', 'comprehend');
      return;
    case 'ses': {
      const { messaging } = resources;
      addPolicy(fn, 'SesPolicy', {
        actions: ['ses:SendEmail'],
        resources: [...messaging.sesIdentityArns, messaging.configurationSetArn],
      });
      fn.addEnvironment('SES_FROM_ADDRESS', messaging.fromAddress);
      fn.addEnvironment('SES_CONFIGURATION_SET', messaging.configurationSet.configurationSetName);
      return;
    }
    case 'sms': {
      const identity = resources.messaging.smsOriginationIdentity;
      const identityArn = identity ? smsIdentityArn(fn, identity) : undefined;
      addPolicy(fn, 'SmsPolicy', {
        actions: ['sms-voice:SendTextMessage'],
        resources: [identityArn ?? '*'],
        wildcardReason: identity
          ? `The SMS origination identity "${identity}" is not an ARN, phone-number id or pool id, so its ARN cannot be derived; give its ARN in context smsOriginationIdentity to scope this grant.`
          : "No SMS origination identity is configured (context smsOriginationIdentity), so AWS End User Messaging picks one of the account's and the resource cannot be named in advance.",
      });
      if (identity) fn.addEnvironment('SMS_ORIGINATION_IDENTITY', identity);
      return;
    }
    case 'alerts-topic':
      resources.alertTopic.grantPublish(fn.role);
      fn.addEnvironment('ALERT_TOPIC_ARN', resources.alertTopic.topicArn);
      return;
    case 'twilio-token':
      // Without a Twilio token the webhook answers 404, as the contract says.
      if (resources.twilioTokenSecret) {
        resources.twilioTokenSecret.grantRead(fn.role);
        fn.addEnvironment('TWILIO_AUTH_TOKEN_SECRET_ARN', resources.twilioTokenSecret.secretArn);
      }
      return;
    case 'slack-webhook':
      // Without a Slack webhook, alerts go to the SNS topic only.
      if (resources.slackWebhookSecret) {
        resources.slackWebhookSecret.grantRead(fn.role);
        fn.addEnvironment('LIFELINE_SLACK_WEBHOOK_SECRET_ARN', resources.slackWebhookSecret.secretArn);
      }
      return;
    case 'exports-bucket': {
      // Objects only: put (multipart upload included) and abort for writing, get for the
      // presigned download URLs, which act with the signer's permissions. No list, no delete.
      const bucket = resources.exportsBucket;
      const policy = new iam.Policy(fn, 'ExportsBucketPolicy', {
        statements: [
          new iam.PolicyStatement({
            actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
            resources: [bucket.arnForObjects('*')],
          }),
        ],
      });
      fn.role.attachInlinePolicy(policy);
      const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`,
        reason:
          'Export files get a new key per export (`<exportId>/<file name>`), so the grant covers the objects of the exports bucket, and only that bucket.',
      });
      fn.addEnvironment('EXPORTS_BUCKET_NAME', bucket.bucketName);
      return;
    }
    case 'exports-withdraw': {
      // Erasure deletes every export file: list the bucket, delete its objects. Nothing else.
      const bucket = resources.exportsBucket;
      const policy = new iam.Policy(fn, 'ExportsWithdrawPolicy', {
        statements: [
          new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
          new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [bucket.arnForObjects('*')] }),
        ],
      });
      fn.role.attachInlinePolicy(policy);
      const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`,
        reason:
          'Erasure deletes every export file, whose keys are not known in advance: the grant covers the objects of the exports bucket, and only that bucket.',
      });
      return;
    }
    case 'token-keys':
      resources.tokenSecret.grantRead(fn.role);
      fn.addEnvironment('LIFELINE_TOKEN_SECRET_ARN', resources.tokenSecret.secretArn);
      return;
    default: {
      const queueName = sendTarget(need);
      const { queue } = resources.queues[queueName];
      queue.grantSendMessages(fn.role);
      fn.addEnvironment(queueUrlVariable(queueName), queue.queueUrl);
      return;
    }
  }
}

/**
 * Table grants cover the table's indexes as `<table ARN>/index/*`: this table's GSIs only, and
 * naming them one by one would have to change with every index added to the table design.
 */
function acknowledgeIndexWildcard(fn: LifelineFunction, table: dynamodb.ITable): void {
  const cfnTable = table.node.defaultChild as CfnElement;
  const logicalId = Stack.of(table).getLogicalId(cfnTable);
  fn.acknowledgeRolePolicyFinding(
    `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
    `Queries on the table's own global secondary indexes (${Object.keys(TABLE_INDEXES).join(', ')}): CDK's table grant names them as <table ARN>/index/*, which matches no other table.`,
  );
}

function sendTarget(need: Need): QueueName {
  if (!need.startsWith('send:')) throw new Error(`Unknown need "${need}" in the wiring table`);
  return need.slice('send:'.length) as QueueName;
}

interface PolicyOptions {
  readonly actions: string[];
  readonly resources: string[];
  /** Why `Resource::*` is unavoidable; required whenever `resources` is `['*']`. */
  readonly wildcardReason?: string;
}

/**
 * A need's permissions go in a policy of their own, so a wildcard acknowledgement covers only the
 * statement it explains, not the whole role.
 */
function addPolicy(fn: LifelineFunction, id: string, options: PolicyOptions): void {
  const policy = new iam.Policy(fn, id, {
    statements: [new iam.PolicyStatement({ actions: options.actions, resources: options.resources })],
  });
  fn.role.attachInlinePolicy(policy);
  if (options.resources.includes('*')) {
    if (!options.wildcardReason) throw new Error(`${id}: a '*' resource needs a reason`);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: options.wildcardReason,
    });
  }
}

/**
 * ARN of an SMS origination identity given as an ARN, a phone-number id (`phone-…`) or a pool id
 * (`pool-…`); undefined for forms whose ARN needs more than the id (E.164 numbers, sender ids).
 */
function smsIdentityArn(fn: LifelineFunction, identity: string): string | undefined {
  if (identity.startsWith('arn:')) return identity;
  const resource = identity.startsWith('phone-')
    ? 'phone-number'
    : identity.startsWith('pool-')
      ? 'pool'
      : undefined;
  return resource
    ? Stack.of(fn).formatArn({ service: 'sms-voice', resource, resourceName: identity })
    : undefined;
}
