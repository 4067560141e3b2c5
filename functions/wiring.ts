/**
 * The one wiring table: which function serves which route, which queue feeds which function, and
 * what each function needs. The CDK stack and the local runtime both read it, so the two cannot drift.
 * Plain data only: CDK refers to handler entry files by path, never by import.
 */
import type { QueueName } from './domain/ports';

export type FunctionName =
  | 'surveyApi'
  | 'adminApi'
  | 'responseProcessor'
  | 'invitationSender'
  | 'alertDispatcher'
  | 'sweeper'
  | 'twilioWebhook'
  | 'smsInbound'
  | 'emailEvents'
  | 'caseEscalator'
  | 'alertDigest'
  | 'leadershipDigest'
  | 'exportWorker';

/** Resources a function uses; the stack grants exactly these and sets their environment variables. */
export type Need =
  | 'table:read'
  | 'table:write'
  | `send:${QueueName}`
  | 'comprehend'
  | 'ses'
  | 'sms'
  | 'alerts-topic'
  | 'token-keys'
  /** The Twilio auth token (Secrets Manager on AWS); without it the Twilio webhook answers 404. */
  | 'twilio-token'
  /** The Slack incoming-webhook URL (Secrets Manager on AWS, context slackWebhookSecretArn); without it, no Slack. */
  | 'slack-webhook'
  /** Put and get of export files in the exports bucket (multipart upload, presigned downloads). */
  | 'exports-bucket'
  /** List and delete of every export file: erasure withdraws them (the admin API only). */
  | 'exports-withdraw';

export interface FunctionSpec {
  /** Handler entry file, relative to the project root; exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  needs: readonly Need[];
  /** Run on a timer (EventBridge rule on AWS, a timer locally). */
  scheduleMinutes?: number;
  /** Subscribed to an SNS topic of the stack (AWS only; locally tests invoke it with sample events). */
  snsTopic?: 'inbound-sms' | 'email-events';
}

export const functions: Record<FunctionName, FunctionSpec> = {
  surveyApi: {
    entry: 'functions/survey-api/handler.ts',
    description: 'Public survey routes: the survey page, answer submission and unsubscribe links',
    memoryMb: 512,
    timeoutSeconds: 10,
    needs: ['table:read', 'table:write', 'send:responses', 'token-keys'],
  },
  adminApi: {
    entry: 'functions/admin-api/handler.ts',
    description: 'Admin routes: interactions, NPS, exports, cases, erasure',
    memoryMb: 1024,
    timeoutSeconds: 29,
    needs: [
      'table:read',
      'table:write',
      'send:invitations',
      'token-keys',
      'send:exports',
      'exports-bucket',
      'exports-withdraw',
    ],
  },
  responseProcessor: {
    entry: 'functions/response-processor/handler.ts',
    description: 'Analyses answers, keeps NPS aggregates exact and opens recovery cases',
    memoryMb: 1024,
    timeoutSeconds: 60,
    needs: ['table:read', 'table:write', 'send:alerts', 'comprehend'],
  },
  invitationSender: {
    entry: 'functions/invitation-sender/handler.ts',
    description: 'Sends survey invitations by email (SES v2) or SMS',
    memoryMb: 512,
    timeoutSeconds: 30,
    needs: ['table:read', 'table:write', 'ses', 'sms', 'token-keys'],
  },
  alertDispatcher: {
    entry: 'functions/alert-dispatcher/handler.ts',
    description: 'Sends one care-team alert per recovery case',
    memoryMb: 256,
    timeoutSeconds: 30,
    needs: ['table:read', 'table:write', 'alerts-topic', 'slack-webhook'],
  },
  sweeper: {
    entry: 'functions/sweeper/handler.ts',
    description:
      'Re-queues work that was accepted but never queued (due invitations, answers, alerts, export jobs)',
    memoryMb: 256,
    timeoutSeconds: 60,
    needs: ['table:read', 'send:responses', 'send:invitations', 'send:alerts', 'send:exports'],
    scheduleMinutes: 1,
  },
  twilioWebhook: {
    entry: 'functions/twilio-webhook/handler.ts',
    description: 'Inbound SMS from Twilio: keywords and the survey conversation, answered in TwiML',
    memoryMb: 512,
    timeoutSeconds: 10,
    needs: ['table:read', 'table:write', 'send:responses', 'twilio-token'],
  },
  smsInbound: {
    entry: 'functions/sms-inbound/handler.ts',
    description: 'Inbound SMS from AWS End User Messaging (SNS): the survey conversation, replied by SMS',
    memoryMb: 512,
    timeoutSeconds: 30,
    needs: ['table:read', 'table:write', 'send:responses', 'sms'],
    snsTopic: 'inbound-sms',
  },
  emailEvents: {
    entry: 'functions/email-events/handler.ts',
    description: 'SES bounces and complaints (SNS): permanently bounced and complaining addresses opt out',
    memoryMb: 256,
    timeoutSeconds: 30,
    needs: ['table:write'],
    snsTopic: 'email-events',
  },
  caseEscalator: {
    entry: 'functions/case-escalator/handler.ts',
    description: 'Escalates open cases past their first-contact due time to the team lead, once per level',
    memoryMb: 256,
    timeoutSeconds: 60,
    needs: ['table:read', 'table:write', 'alerts-topic', 'slack-webhook'],
    scheduleMinutes: 5,
  },
  alertDigest: {
    entry: 'functions/alert-digest/handler.ts',
    description:
      'Sends normal-severity case alerts as one digest per channel every N minutes, when digests are on',
    memoryMb: 256,
    timeoutSeconds: 60,
    needs: ['table:read', 'table:write', 'alerts-topic', 'slack-webhook'],
    // Every minute; the function itself keeps to LIFELINE_ALERT_DIGEST_MINUTES (and does nothing when unset).
    scheduleMinutes: 1,
  },
  leadershipDigest: {
    entry: 'functions/leadership-digest/handler.ts',
    description:
      'Emails the weekly leadership digest (NPS, trend, topics, open cases) once per week and recipient',
    memoryMb: 512,
    timeoutSeconds: 300,
    needs: ['table:read', 'table:write', 'ses'],
    // Hourly; the function itself keeps to LIFELINE_DIGEST_WEEKDAY/HOUR (and does nothing without recipients).
    scheduleMinutes: 60,
  },
  exportWorker: {
    entry: 'functions/export-worker/handler.ts',
    description: 'Runs asynchronous exports of responses to the exports bucket, recording progress per day',
    memoryMb: 1024,
    // Lambda's maximum: the longest range (three years) is read day by day in one run.
    timeoutSeconds: 900,
    needs: ['table:read', 'table:write', 'exports-bucket'],
  },
};

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway HTTP API path, with `{param}` placeholders. */
  path: string;
  fn: FunctionName;
  /** `admin`: the static bearer token locally, a Cognito JWT verified by the function on AWS. */
  auth: 'public' | 'admin';
  /** Served by the local runtime only (never deployed). */
  localOnly?: boolean;
}

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/healthz', fn: 'surveyApi', auth: 'public' },
  { method: 'GET', path: '/s/{token}', fn: 'surveyApi', auth: 'public' },
  { method: 'POST', path: '/s/{token}', fn: 'surveyApi', auth: 'public' },
  { method: 'POST', path: '/responses', fn: 'surveyApi', auth: 'public' },
  { method: 'GET', path: '/u/{token}', fn: 'surveyApi', auth: 'public' },
  { method: 'POST', path: '/u/{token}', fn: 'surveyApi', auth: 'public' },
  { method: 'POST', path: '/interactions', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/nps', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/response-rates', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/exports/responses.csv', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/exports/responses.jsonl', fn: 'adminApi', auth: 'admin' },
  { method: 'POST', path: '/exports', fn: 'adminApi', auth: 'admin' },
  // After the literal export routes: API Gateway and the local matcher prefer literals.
  { method: 'GET', path: '/exports/{exportId}', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/themes', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/cases', fn: 'adminApi', auth: 'admin' },
  // Literal before parameter: API Gateway prefers the literal route; the local matcher does too.
  { method: 'GET', path: '/cases/report', fn: 'adminApi', auth: 'admin' },
  { method: 'GET', path: '/cases/{caseId}', fn: 'adminApi', auth: 'admin' },
  { method: 'PATCH', path: '/cases/{caseId}', fn: 'adminApi', auth: 'admin' },
  { method: 'POST', path: '/cases/{caseId}/follow-up', fn: 'adminApi', auth: 'admin' },
  // The care page's static shell: no data in it; its script calls the admin routes with a bearer token.
  { method: 'GET', path: '/care', fn: 'adminApi', auth: 'public' },
  // The dashboard's static shell, likewise: its script calls /nps, /cases and the export with the token.
  { method: 'GET', path: '/dashboard', fn: 'adminApi', auth: 'public' },
  { method: 'DELETE', path: '/customers/{customerId}', fn: 'adminApi', auth: 'admin' },
  { method: 'POST', path: '/webhooks/twilio/sms', fn: 'twilioWebhook', auth: 'public' },
  { method: 'GET', path: '/dev/outbox', fn: 'adminApi', auth: 'admin', localOnly: true },
  // The signed, expiring download link of a local export file (presigned S3 URLs on AWS).
  { method: 'GET', path: '/exports/{exportId}/file', fn: 'adminApi', auth: 'public', localOnly: true },
];

export interface QueueSpec {
  consumer: FunctionName;
  /** Records per invocation (Lambda event source mapping BatchSize). */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** At least 6x the consumer's timeout, as AWS recommends for SQS event sources. */
  visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** Upper bound of concurrent invocations (ESM ScalingConfig.MaximumConcurrency, minimum 2). */
  maxConcurrency: number;
}

export const queues: Record<QueueName, QueueSpec> = {
  responses: {
    consumer: 'responseProcessor',
    batchSize: 25,
    maxBatchingWindowSeconds: 1,
    visibilityTimeoutSeconds: 6 * functions.responseProcessor.timeoutSeconds,
    maxReceiveCount: 5,
    maxConcurrency: 5,
  },
  invitations: {
    consumer: 'invitationSender',
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    visibilityTimeoutSeconds: 6 * functions.invitationSender.timeoutSeconds,
    maxReceiveCount: 5,
    maxConcurrency: 5,
  },
  alerts: {
    consumer: 'alertDispatcher',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    visibilityTimeoutSeconds: 6 * functions.alertDispatcher.timeoutSeconds,
    maxReceiveCount: 5,
    maxConcurrency: 2,
  },
  exports: {
    consumer: 'exportWorker',
    // One job per invocation: a job can take the whole 15 minutes.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    visibilityTimeoutSeconds: 6 * functions.exportWorker.timeoutSeconds,
    maxReceiveCount: 3,
    maxConcurrency: 2,
  },
};

/** Environment variable holding each queue's URL. */
export const queueUrlVariable = (queue: QueueName): string => `QUEUE_URL_${queue.toUpperCase()}`;
