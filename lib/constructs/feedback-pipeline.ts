import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueName } from '../../functions/domain/ports';
import type { FunctionName, QueueSpec } from '../../functions/wiring';
import type { LifelineFunction } from './base-function';
import { deadLetterAlarm } from './dead-letter-alarm';

export interface FeedbackPipelineProps {
  /** The queues of the wiring table. */
  readonly queues: Record<QueueName, QueueSpec>;
}

/** One work queue of the pipeline with its dead-letter queue and the alarm watching it. */
export interface PipelineQueue {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly spec: QueueSpec;
}

/**
 * The asynchronous half of Lifeline: one SQS queue per wiring-table queue, each with a dead-letter
 * queue and an alarm as soon as anything lands there. Consumers are attached with `connect` once
 * the functions exist (they need the queue URLs first).
 */
export class FeedbackPipeline extends Construct {
  readonly queues: Record<QueueName, PipelineQueue>;

  constructor(scope: Construct, id: string, props: FeedbackPipelineProps) {
    super(scope, id);

    const entries = Object.entries(props.queues) as [QueueName, QueueSpec][];
    this.queues = Object.fromEntries(
      entries.map(([name, spec]) => [name, this.createQueue(name, spec)]),
    ) as Record<QueueName, PipelineQueue>;
  }

  /** Attaches each queue's consumer with the batching and concurrency of the wiring table. */
  connect(functions: Record<FunctionName, LifelineFunction>): void {
    for (const { queue, spec } of Object.values(this.queues)) {
      functions[spec.consumer].function.addEventSource(
        new SqsEventSource(queue, {
          batchSize: spec.batchSize,
          maxBatchingWindow: Duration.seconds(spec.maxBatchingWindowSeconds),
          // Handlers report failed records, so one bad message is retried alone, not its batch.
          reportBatchItemFailures: true,
          maxConcurrency: spec.maxConcurrency,
        }),
      );
    }
  }

  private createQueue(name: QueueName, spec: QueueSpec): PipelineQueue {
    const id = pascalCase(name);
    const deadLetterQueue = new sqs.Queue(this, `${id}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${id}Queue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
    const alarm = deadLetterAlarm(
      this,
      `${id}DeadLettersAlarm`,
      deadLetterQueue,
      `Messages of the ${name} queue failed ${spec.maxReceiveCount} times and wait in its dead-letter queue`,
    );
    return { queue, deadLetterQueue, deadLetterAlarm: alarm, spec };
  }
}

const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
