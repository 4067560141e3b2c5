/**
 * Composition root: builds each adapter once per process, on first use, from the parsed config.
 * Handlers ask for what they need; nothing else is constructed (cold starts stay small).
 */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ComprehendKeyPhraseExtractor } from '../adapters/comprehend-key-phrases';
import { ComprehendSentimentAnalyzer } from '../adapters/comprehend-sentiment';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDbDigestClaims } from '../adapters/dynamodb/digest-claims';
import { DynamoDbStore } from '../adapters/dynamodb/dynamodb-store';
import { DynamoDbExportJobs } from '../adapters/dynamodb/export-jobs';
import { LocalExportStorage } from '../adapters/local-export-storage';
import { LocalSentimentAnalyzer } from '../adapters/local-sentiment/local-sentiment-analyzer';
import { LocalKeyPhraseExtractor } from '../adapters/local-themes/local-key-phrases';
import { TableOutbox } from '../adapters/outbox';
import { S3ExportStorage } from '../adapters/s3-export-storage';
import { SesEmailSender } from '../adapters/ses-email-sender';
import { EndUserMessagingSmsSender } from '../adapters/sms-sender';
import { SnsAlertPublisher } from '../adapters/sns-alert-publisher';
import { SqsWorkQueue } from '../adapters/sqs-work-queue';
import { DEFAULT_CALENDAR, hoursPerDay } from '../domain/business-hours';
import { type FatigueRules, parseQuietHours } from '../domain/fatigue';
import type {
  AlertChannel,
  AlertPublisher,
  Clock,
  EmailSender,
  ExportStorage,
  SentimentAnalyzer,
  SmsSender,
  WorkQueue,
} from '../domain/ports';
import { systemClock } from '../domain/ports';
import type { TeamRouting } from '../domain/recovery';
import type { TokenKeys } from '../domain/survey-token';
import type { KeyPhraseExtractor } from '../domain/themes';
import { createAlertChannels } from './alert-channels';
import { type Config, parseConfig, requireSetting } from './config';
import type { JwtCheck } from './http';
import { loadTokenKeys } from './token-keys';

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
};

export function createContainer(config: Config = parseConfig(), clock: Clock = systemClock) {
  const documentClient = once(() => createDocumentClient());
  const tableName = once(() => requireSetting(config, 'TABLE_NAME'));
  const outbox = once(() => new TableOutbox(documentClient(), tableName(), clock));
  const delivery = config.LIFELINE_DELIVERY;
  // The adapters own throttling retries; SDK retries on top would multiply the attempts.
  const comprehend = once(() => new ComprehendClient({ maxAttempts: 1 }));

  const container = {
    config,
    clock,
    store: once(() => new DynamoDbStore(documentClient(), tableName())),
    outbox,
    /** Claims of the leadership digest's sends, one per ISO week and recipient. */
    digestClaims: once(() => new DynamoDbDigestClaims(documentClient(), tableName())),
    exportJobs: once(() => new DynamoDbExportJobs(documentClient(), tableName())),
    /**
     * The admin pool's JWT verifier (AWS): ID or access tokens of the admin app client. It fetches the
     * pool's JWKS once and keeps it; undefined with the local static token.
     */
    adminJwt: once((): JwtCheck | undefined =>
      config.LIFELINE_ADMIN_AUTH === 'jwt'
        ? CognitoJwtVerifier.create({
            userPoolId: requireSetting(config, 'ADMIN_USER_POOL_ID'),
            clientId: requireSetting(config, 'ADMIN_USER_POOL_CLIENT_ID'),
            tokenUse: null,
          })
        : undefined,
    ),
    queue: once(
      (): WorkQueue =>
        new SqsWorkQueue({
          client: new SQSClient({}),
          // Getters: a function that never sends to a queue does not need its URL.
          urls: {
            get responses() {
              return requireSetting(config, 'QUEUE_URL_RESPONSES');
            },
            get invitations() {
              return requireSetting(config, 'QUEUE_URL_INVITATIONS');
            },
            get alerts() {
              return requireSetting(config, 'QUEUE_URL_ALERTS');
            },
            get exports() {
              return requireSetting(config, 'QUEUE_URL_EXPORTS');
            },
          },
        }),
    ),
    analyzer: once(
      (): SentimentAnalyzer =>
        config.LIFELINE_SENTIMENT === 'comprehend'
          ? new ComprehendSentimentAnalyzer({ client: comprehend() })
          : new LocalSentimentAnalyzer(),
    ),
    // LIFELINE_SENTIMENT governs both analyses of a comment: sentiment and key phrases.
    keyPhrases: once(
      (): KeyPhraseExtractor =>
        config.LIFELINE_SENTIMENT === 'comprehend'
          ? new ComprehendKeyPhraseExtractor({ client: comprehend() })
          : new LocalKeyPhraseExtractor(),
    ),
    email: once(
      (): EmailSender =>
        delivery === 'outbox'
          ? outbox()
          : new SesEmailSender({
              client: new SESv2Client({}),
              from: requireSetting(config, 'SES_FROM_ADDRESS'),
              configurationSet: config.SES_CONFIGURATION_SET,
            }),
    ),
    sms: once(
      (): SmsSender =>
        delivery === 'outbox'
          ? outbox()
          : new EndUserMessagingSmsSender({
              client: new PinpointSMSVoiceV2Client({}),
              originationIdentity: config.SMS_ORIGINATION_IDENTITY,
            }),
    ),
    alerts: once(
      (): AlertPublisher =>
        delivery === 'outbox'
          ? outbox()
          : new SnsAlertPublisher({
              client: new SNSClient({}),
              topicArn: requireSetting(config, 'ALERT_TOPIC_ARN'),
            }),
    ),
    /** Every channel a case alert goes to: the alert topic (locally the outbox), Slack when configured. */
    alertChannels: once((): AlertChannel[] =>
      createAlertChannels(config, { topic: (): AlertPublisher => container.alerts(), outbox }),
    ),
    /** Export files: the exports bucket on AWS, `LIFELINE_EXPORTS_DIR` locally. */
    exportStorage: once((): ExportStorage => {
      if (!config.EXPORTS_BUCKET_NAME && config.LIFELINE_EXPORTS_DIR) {
        return new LocalExportStorage({
          dir: config.LIFELINE_EXPORTS_DIR,
          publicUrl: requireSetting(config, 'LIFELINE_PUBLIC_URL'),
          linkKey: requireSetting(config, 'LIFELINE_EXPORT_LINK_KEY'),
          clock,
        });
      }
      return new S3ExportStorage({
        client: new S3Client({}),
        bucket: requireSetting(config, 'EXPORTS_BUCKET_NAME'),
        clock,
      });
    }),
    // Not memoised here: Powertools caches the secret for five minutes, so a rotation reaches warm
    // functions and a transient Secrets Manager failure is not kept for the life of the process.
    tokenKeys: (): Promise<TokenKeys> => loadTokenKeys(config),
    publicUrl: once(() => requireSetting(config, 'LIFELINE_PUBLIC_URL')),
    /** Undefined when Twilio is not configured (the webhook then answers 404). */
    twilioAuthToken: async (): Promise<string | undefined> => {
      if (config.TWILIO_AUTH_TOKEN) return config.TWILIO_AUTH_TOKEN;
      if (!config.TWILIO_AUTH_TOKEN_SECRET_ARN) return undefined;
      return (await getSecret<string>(config.TWILIO_AUTH_TOKEN_SECRET_ARN, { maxAge: 300 })) ?? undefined;
    },
    teamRouting: once(() => (teamId: string | undefined): TeamRouting => {
      const team = teamId !== undefined ? config.LIFELINE_TEAMS?.[teamId] : undefined;
      const calendar = team
        ? { timeZone: team.timeZone, open: team.open, close: team.close, days: team.days }
        : DEFAULT_CALENDAR;
      return {
        calendar,
        owner: team?.owner ?? (teamId ? `${teamId}-care` : 'care-team'),
        highSeverityHours: config.LIFELINE_CASE_HIGH_HOURS,
        normalHours: config.LIFELINE_CASE_NORMAL_HOURS ?? hoursPerDay(calendar),
        escalationContact: team?.lead ?? config.LIFELINE_ESCALATION_CONTACT,
      };
    }),
    fatigueRules: once(() => {
      const quietHours = parseQuietHours(config.LIFELINE_QUIET_HOURS);
      return (teamId: string | undefined): FatigueRules => ({
        cooldownDays: config.LIFELINE_COOLDOWN_DAYS,
        quietHours,
        samplingRate: (teamId !== undefined ? config.LIFELINE_SAMPLING?.[teamId] : undefined) ?? 1,
      });
    }),
  };
  return container;
}

export type Container = ReturnType<typeof createContainer>;
