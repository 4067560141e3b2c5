import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES, TABLE_KEYS } from '../../functions/adapters/dynamodb/table-design';
import { type FunctionName, functions, queues, routes } from '../../functions/wiring';
import { createApp } from '../../lib/app';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, navigated by the assertions themselves
type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let outdir: string;
let app: App;
let synthesized: Template | undefined;
let synthError: unknown;

/** The synthesised template; a clear failure (not a TypeError) when synthesis itself failed. */
function template(): Template {
  if (!synthesized) throw new Error(`The app did not synthesise: ${String(synthError)}`);
  return synthesized;
}

const resources = (): Record<string, Resource> => template().toJSON().Resources;

beforeAll(() => {
  // Prepare: the real app, cdk-nag included, synthesised once. Bundling is skipped: these tests
  // are about the infrastructure, and `npm run synth` bundles every handler for real.
  outdir = mkdtempSync(path.join(tmpdir(), 'lifeline-cdk-'));
  const created = createApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  app = created.app;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
    return;
  }
  synthesized = Template.fromStack(created.stack);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const ofType = (type: string): [string, Resource][] =>
  Object.entries(resources()).filter(([, resource]) => resource.Type === type);

/** The resource with this logical id; fails the test when it is missing. */
function resource(logicalId: string): Resource {
  const found = resources()[logicalId];
  if (!found) throw new Error(`No resource ${logicalId} in the template`);
  return found;
}

/** The single element of a list; fails the test otherwise. */
function only<T>(items: T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
}

/** Logical id of a wiring-table function, found by its description. */
function functionId(name: FunctionName): string {
  const matches = ofType('AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Description === functions[name].description,
  );
  return only(matches, `Lambda functions of ${name}`)[0];
}

/** Every Allow statement of every policy attached to a function's execution role. */
function roleStatements(name: FunctionName): Statement[] {
  const roleId = resource(functionId(name)).Properties.Role['Fn::GetAtt'][0] as string;
  const inline = (resource(roleId).Properties.Policies ?? []).flatMap(
    (policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement,
  );
  const attached = ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
  return [...inline, ...attached].filter((statement) => statement.Effect === 'Allow');
}

const actionMatches = (granted: string, wanted: string): boolean =>
  new RegExp(`^${granted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(wanted);

/** Whether any statement of the role allows `action` on `resource` (a Ref/GetAtt) or on `*`. */
function roleAllows(name: FunctionName, action: string, resource?: unknown): boolean {
  return roleStatements(name).some((statement) => {
    const actions = [statement.Action].flat();
    if (!actions.some((granted) => actionMatches(granted, action))) return false;
    const targets = [statement.Resource].flat();
    return targets.some(
      (target) =>
        target === '*' || resource === undefined || JSON.stringify(target) === JSON.stringify(resource),
    );
  });
}

describe('Lifeline stack', () => {
  describe('HTTP API', () => {
    const routeKey = (route: (typeof routes)[number]) => `${route.method} ${route.path}`;
    const findRoute = (key: string) =>
      ofType('AWS::ApiGatewayV2::Route').filter(([, route]) => route.Properties.RouteKey === key);

    it.each(routes.filter((route) => !route.localOnly).map((route) => [routeKey(route), route] as const))(
      'deploys %s with its auth and function',
      (_key, route) => {
        const properties = only(findRoute(routeKey(route)), routeKey(route))[1].Properties;

        // Admin routes too: their function verifies the admin pool's JWT itself (contract 401 body),
        // so it must know the pool and app client to trust.
        expect(properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(properties.AuthorizerId).toBeUndefined();
        const variables = resource(functionId(route.fn)).Properties.Environment.Variables;
        if (route.auth === 'admin') {
          expect(variables.ADMIN_USER_POOL_ID).toEqual({ Ref: expect.stringMatching(/AdminUsers/) });
          expect(variables.ADMIN_USER_POOL_CLIENT_ID).toEqual({ Ref: expect.stringMatching(/AdminConsole/) });
        }

        const integrationId = properties.Target['Fn::Join'][1][1].Ref as string;
        expect(resource(integrationId).Properties.IntegrationUri).toEqual({
          'Fn::GetAtt': [functionId(route.fn), 'Arn'],
        });
      },
    );

    it('serves the unsubscribe link publicly, from the survey API', () => {
      for (const key of ['GET /u/{token}', 'POST /u/{token}']) {
        const properties = only(findRoute(key), key)[1].Properties;
        expect(properties.AuthorizationType ?? 'NONE').toBe('NONE');
        const integrationId = properties.Target['Fn::Join'][1][1].Ref as string;
        expect(resource(integrationId).Properties.IntegrationUri).toEqual({
          'Fn::GetAtt': [functionId('surveyApi'), 'Arn'],
        });
      }
    });

    it('never deploys local-only routes', () => {
      const localOnly = routes.filter((route) => route.localOnly);
      expect(localOnly.length).toBeGreaterThan(0);
      for (const route of localOnly) expect(findRoute(routeKey(route))).toHaveLength(0);
    });

    it('logs access and throttles the default stage', () => {
      template().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        DefaultRouteSettings: {
          ThrottlingRateLimit: Match.anyValue(),
          ThrottlingBurstLimit: Match.anyValue(),
        },
      });
    });
  });

  describe('functions', () => {
    it.each(Object.keys(functions) as FunctionName[])('runs %s on nodejs22.x, arm64, traced', (name) => {
      const properties = resource(functionId(name)).Properties;
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(properties.MemorySize).toBe(functions[name].memoryMb);
      expect(properties.Timeout).toBe(functions[name].timeoutSeconds);
    });

    it('lets the response processor call Comprehend, and not the survey API', () => {
      expect(roleAllows('responseProcessor', 'comprehend:BatchDetectSentiment')).toBe(true);
      expect(roleAllows('surveyApi', 'comprehend:BatchDetectSentiment')).toBe(false);
    });

    it('lets only the alert dispatcher and the case escalator publish to the alert topic', () => {
      const [topicId] = only(
        ofType('AWS::SNS::Topic').filter(
          ([, topic]) => topic.Properties.DisplayName === 'Lifeline care-team alerts',
        ),
        'alert topics',
      );
      expect(roleAllows('alertDispatcher', 'sns:Publish', { Ref: topicId })).toBe(true);
      expect(roleAllows('caseEscalator', 'sns:Publish', { Ref: topicId })).toBe(true);
      expect(roleAllows('surveyApi', 'sns:Publish', { Ref: topicId })).toBe(false);
    });

    it('runs scheduled functions on an EventBridge rate', () => {
      for (const [name, spec] of Object.entries(functions) as [
        FunctionName,
        (typeof functions)[FunctionName],
      ][]) {
        if (spec.scheduleMinutes === undefined) continue;
        const unit = spec.scheduleMinutes === 1 ? 'minute' : 'minutes';
        // CDK writes whole hours as hours: 60 minutes is `rate(1 hour)`.
        const rate = spec.scheduleMinutes === 60 ? '1 hour' : `${spec.scheduleMinutes} ${unit}`;
        template().hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: `rate(${rate})`,
          Targets: [{ Arn: { 'Fn::GetAtt': [functionId(name), 'Arn'] } }],
        });
      }
    });

    it('runs the case escalator every five minutes, on exactly one rule', () => {
      const escalatorArn = JSON.stringify({ 'Fn::GetAtt': [functionId('caseEscalator'), 'Arn'] });
      const rules = ofType('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some(
          (target: { Arn: unknown }) => JSON.stringify(target.Arn) === escalatorArn,
        ),
      );
      expect(only(rules, 'rules of the case escalator')[1].Properties.ScheduleExpression).toBe(
        'rate(5 minutes)',
      );
    });

    it('runs the alert digest every minute, on one rule, publishing to the alert topic', () => {
      const digestArn = JSON.stringify({ 'Fn::GetAtt': [functionId('alertDigest'), 'Arn'] });
      const rules = ofType('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some((target: { Arn: unknown }) => JSON.stringify(target.Arn) === digestArn),
      );
      expect(only(rules, 'rules of the alert digest')[1].Properties.ScheduleExpression).toBe(
        'rate(1 minute)',
      );
      const [topicId] = only(
        ofType('AWS::SNS::Topic').filter(
          ([, topic]) => topic.Properties.DisplayName === 'Lifeline care-team alerts',
        ),
        'alert topics',
      );
      expect(roleAllows('alertDigest', 'sns:Publish', { Ref: topicId })).toBe(true);
    });

    it('runs the leadership digest every hour, on one rule, sending email through SES', () => {
      const digestArn = JSON.stringify({ 'Fn::GetAtt': [functionId('leadershipDigest'), 'Arn'] });
      const rules = ofType('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some((target: { Arn: unknown }) => JSON.stringify(target.Arn) === digestArn),
      );
      expect(only(rules, 'rules of the leadership digest')[1].Properties.ScheduleExpression).toBe(
        'rate(1 hour)',
      );
      expect(roleAllows('leadershipDigest', 'ses:SendEmail')).toBe(true);
      const variables = resource(functionId('leadershipDigest')).Properties.Environment.Variables;
      expect(variables.SES_FROM_ADDRESS).toBeDefined();
      // Off unless configured: no recipients by default.
      expect(variables.LIFELINE_DIGEST_RECIPIENTS).toBeUndefined();
    });

    it('gives no function a Slack secret without context slackWebhookSecretArn', () => {
      for (const name of ['alertDispatcher', 'alertDigest'] as const) {
        expect(roleAllows(name, 'secretsmanager:GetSecretValue')).toBe(false);
        const variables = resource(functionId(name)).Properties.Environment.Variables;
        expect(variables.LIFELINE_SLACK_WEBHOOK_SECRET_ARN).toBeUndefined();
        expect(variables.LIFELINE_ALERT_DIGEST_MINUTES).toBeUndefined();
      }
    });
  });

  describe('email bounces and complaints', () => {
    /** The topic the configuration set publishes bounces and complaints to. */
    function emailEventsTopicId(): string {
      const [, destination] = only(
        ofType('AWS::SES::ConfigurationSetEventDestination'),
        'SES event destinations',
      );
      return destination.Properties.EventDestination.SnsDestination.TopicARN.Ref as string;
    }

    it('publishes bounces and complaints of the configuration set to an encrypted SNS topic', () => {
      const [configurationSetId] = only(ofType('AWS::SES::ConfigurationSet'), 'configuration sets');
      const [, destination] = only(
        ofType('AWS::SES::ConfigurationSetEventDestination'),
        'SES event destinations',
      );
      expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configurationSetId });
      expect(destination.Properties.EventDestination.Enabled).toBe(true);
      expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual([
        'bounce',
        'complaint',
      ]);

      const keyId = resource(emailEventsTopicId()).Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
      const key = resource(keyId).Properties;
      expect(key.EnableKeyRotation).toBe(true);
      expect(key.KeyPolicy.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
        }),
      );
    });

    it('subscribes the email-events function, which writes the opt-out list and keeps failed events', () => {
      template().hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: { Ref: emailEventsTopicId() },
        Endpoint: { 'Fn::GetAtt': [functionId('emailEvents'), 'Arn'] },
      });
      const [tableId] = only(ofType('AWS::DynamoDB::Table'), 'tables');
      expect(roleAllows('emailEvents', 'dynamodb:PutItem', { 'Fn::GetAtt': [tableId, 'Arn'] })).toBe(true);

      const deadLetters = resource(functionId('emailEvents')).Properties.DeadLetterConfig.TargetArn;
      expect(resource(deadLetters['Fn::GetAtt'][0]).Type).toBe('AWS::SQS::Queue');
    });
  });

  describe('queues', () => {
    it.each(Object.entries(queues))('feeds %s to its consumer with a dead-letter queue', (_name, spec) => {
      const consumerId = functionId(spec.consumer);
      const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(
        ([, mapping]) => mapping.Properties.FunctionName.Ref === consumerId,
      );
      const mapping = only(mappings, `event source mappings of ${spec.consumer}`)[1].Properties;
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toBe(spec.batchSize);
      expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: spec.maxConcurrency });

      const queue = resource(mapping.EventSourceArn['Fn::GetAtt'][0]).Properties;
      const consumerTimeout = resource(consumerId).Properties.Timeout as number;
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumerTimeout);
      expect(queue.RedrivePolicy.maxReceiveCount).toBe(spec.maxReceiveCount);
      expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(3);
      const deadLetterId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
      expect(resource(deadLetterId).Properties.MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);

      template().hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterId, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });
  });

  describe('error alarms', () => {
    it.each(Object.keys(functions) as FunctionName[])(
      'counts the ERROR lines of %s and alarms on the first',
      (name) => {
        const logGroupId = resource(functionId(name)).Properties.LoggingConfig.LogGroup.Ref as string;
        const [, filter] = only(
          ofType('AWS::Logs::MetricFilter').filter(([, f]) => f.Properties.LogGroupName.Ref === logGroupId),
          `metric filters of ${name}`,
        );
        expect(filter.Properties.FilterPattern).toBe('{ $.level = "ERROR" }');
        const [transform] = filter.Properties.MetricTransformations;
        template().hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: transform.MetricNamespace,
          MetricName: transform.MetricName,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        });
      },
    );
  });

  describe('exports', () => {
    const bucketId = () => only(ofType('AWS::S3::Bucket'), 'S3 buckets')[0];

    it('keeps export files in a private, encrypted bucket that expires them after a day', () => {
      const bucket = resource(bucketId());
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({
          Status: 'Enabled',
          ExpirationInDays: 1,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        }),
      ]);
      expect((bucket as Resource & { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
      // A browser script that followed the 303 can read the file; nothing but GET is allowed.
      expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }),
      ]);
      template().hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId() },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('runs the export worker for 15 minutes, one job at a time per invocation, from its queue', () => {
      const spec = queues.exports;
      expect(spec.consumer).toBe('exportWorker');
      const workerId = functionId('exportWorker');
      expect(resource(workerId).Properties.Timeout).toBe(900);
      expect(resource(workerId).Properties.MemorySize).toBe(1024);
      const mapping = only(
        ofType('AWS::Lambda::EventSourceMapping').filter(
          ([, m]) => m.Properties.FunctionName.Ref === workerId,
        ),
        'event source mappings of the export worker',
      )[1].Properties;
      expect(mapping.BatchSize).toBe(1);
      expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
      const queue = resource(mapping.EventSourceArn['Fn::GetAtt'][0]).Properties;
      expect(queue.VisibilityTimeout).toBe(6 * 900);
      expect(queue.RedrivePolicy.maxReceiveCount).toBe(3);
    });

    it('lets the admin API and the worker put and get export files; only the admin API (erasure) lists and deletes them', () => {
      const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] };
      for (const name of ['adminApi', 'exportWorker'] as const) {
        expect(roleAllows(name, 's3:PutObject', objects)).toBe(true);
        expect(roleAllows(name, 's3:GetObject', objects)).toBe(true);
        expect(roleAllows(name, 's3:AbortMultipartUpload', objects)).toBe(true);
        expect(resource(functionId(name)).Properties.Environment.Variables.EXPORTS_BUCKET_NAME).toEqual({
          Ref: bucketId(),
        });
      }
      expect(roleAllows('adminApi', 's3:DeleteObject', objects)).toBe(true);
      expect(roleAllows('adminApi', 's3:ListBucket', { 'Fn::GetAtt': [bucketId(), 'Arn'] })).toBe(true);
      expect(roleAllows('exportWorker', 's3:DeleteObject')).toBe(false);
      expect(roleAllows('exportWorker', 's3:ListBucket')).toBe(false);
      for (const name of ['surveyApi', 'responseProcessor', 'sweeper'] as const)
        expect(roleAllows(name, 's3:GetObject', objects)).toBe(false);
    });

    it('lets the admin API and the sweeper queue export jobs', () => {
      const queueUrl = (name: FunctionName) =>
        resource(functionId(name)).Properties.Environment.Variables.QUEUE_URL_EXPORTS;
      expect(queueUrl('adminApi')).toBeDefined();
      expect(queueUrl('sweeper')).toEqual(queueUrl('adminApi'));
      expect(queueUrl('surveyApi')).toBeUndefined();
    });
  });

  describe('table', () => {
    it('is on demand, point-in-time recoverable, with the four GSIs of the table design', () => {
      const [tableId, table] = only(ofType('AWS::DynamoDB::Table'), 'tables');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: TABLE_KEYS.ttl,
        Enabled: true,
      });
      expect(resource(tableId)).toMatchObject({ DeletionPolicy: 'Retain' });

      const indexes = Object.fromEntries(
        table.Properties.GlobalSecondaryIndexes.map(
          (index: {
            IndexName: string;
            KeySchema: { AttributeName: string; KeyType: string }[];
            Projection: unknown;
          }) => [index.IndexName, { keys: index.KeySchema, projection: index.Projection }],
        ),
      );
      expect(Object.keys(indexes).sort()).toEqual(Object.keys(TABLE_INDEXES).sort());
      for (const [name, keys] of Object.entries(TABLE_INDEXES)) {
        expect(indexes[name]).toEqual({
          keys: [
            { AttributeName: keys.partitionKey, KeyType: 'HASH' },
            { AttributeName: keys.sortKey, KeyType: 'RANGE' },
          ],
          projection: { ProjectionType: 'ALL' },
        });
      }
    });
  });

  describe('cdk-nag (AwsSolutions)', () => {
    const acknowledgements = () =>
      app.node.findAll().flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) =>
            Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
              path: construct.node.path,
              id,
              reason,
            })),
          ),
      );

    it('synthesises without an unacknowledged finding', () => {
      expect(synthError).toBeUndefined();
    });

    it('gives every acknowledgement a reason and scopes none to the whole stack', () => {
      const acknowledged = acknowledgements();
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { path: at, id, reason } of acknowledged) {
        expect(reason?.trim().length, `${id} at ${at}`).toBeGreaterThan(20);
        expect(at.split('/').length, `${id} acknowledged on ${at || 'the app'}`).toBeGreaterThan(1);
      }
    });

    it('acknowledges only the rules reviewed for this stack', () => {
      const rules = new Set(acknowledgements().map(({ id }) => id.replace(/\[.*$/, '').replace(/^.*::/, '')));
      expect([...rules].sort()).toEqual([
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5',
        'AwsSolutions-L1',
        'AwsSolutions-S1',
        'AwsSolutions-SMG4',
      ]);
    });
  });
});

describe('Lifeline stack with Slack alerts and digests (context)', () => {
  const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lifeline/slack-webhook-AbCdEf';
  let slack: Template;

  beforeAll(() => {
    // Prepare: the same app with a Slack webhook secret and 15-minute digests; synth runs cdk-nag too.
    const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-cdk-slack-'));
    try {
      const created = createApp({
        outdir: dir,
        context: {
          'aws:cdk:bundling-stacks': [],
          slackWebhookSecretArn: secretArn,
          alertDigestMinutes: '15',
        },
      });
      created.app.synth();
      slack = Template.fromStack(created.stack);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  /** The function's environment variables and the Allow statements of its role's policies. */
  function functionOf(name: FunctionName) {
    const all = slack.toJSON().Resources as Record<string, Resource>;
    const [, fn] = only(
      Object.entries(all).filter(
        ([, r]) =>
          r.Type === 'AWS::Lambda::Function' && r.Properties.Description === functions[name].description,
      ),
      `Lambda functions of ${name}`,
    );
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(all)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          r.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    return { variables: fn.Properties.Environment.Variables as Record<string, unknown>, statements };
  }

  const readsSecret = (statements: Statement[]) =>
    statements.some(
      (s) =>
        s.Effect === 'Allow' &&
        [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
        [s.Resource].flat().includes(secretArn),
    );

  it('lets the alert dispatcher and the digest read the Slack secret, and names it to them', () => {
    for (const name of ['alertDispatcher', 'alertDigest'] as const) {
      const { variables, statements } = functionOf(name);
      expect(variables.LIFELINE_SLACK_WEBHOOK_SECRET_ARN).toBe(secretArn);
      expect(variables.LIFELINE_ALERT_DIGEST_MINUTES).toBe('15');
      expect(readsSecret(statements)).toBe(true);
    }
  });

  it('lets the case escalator read the Slack secret too: escalations go to every alert channel', () => {
    const { variables, statements } = functionOf('caseEscalator');
    expect(variables.LIFELINE_SLACK_WEBHOOK_SECRET_ARN).toBe(secretArn);
    expect(readsSecret(statements)).toBe(true);
  });

  it('gives the Slack secret to no other function', () => {
    for (const name of ['surveyApi', 'responseProcessor'] as const) {
      const { variables, statements } = functionOf(name);
      expect(variables.LIFELINE_SLACK_WEBHOOK_SECRET_ARN).toBeUndefined();
      expect(readsSecret(statements)).toBe(false);
    }
  });
});
