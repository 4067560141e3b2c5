/**
 * Configuration, parsed once at cold start by one schema. Optional settings have documented
 * defaults; settings a function needs are asked for with `requireSetting`, which fails naming the
 * variable, so a broken deploy fails loudly instead of running with an empty string.
 */
import { z } from 'zod';
import { WEEKDAYS } from '../domain/digest-schedule';
import { DEFAULT_MIN_RESPONSES } from '../domain/nps-statistics';

const positiveInt = z.coerce.number().int().positive();

const jsonRecord = <T extends z.ZodType>(value: T) =>
  z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), value));

/** A comma-separated list of email addresses, each checked; empty entries are an error, not skipped. */
const emailList = z
  .string()
  .transform((raw) => raw.split(',').map((address) => address.trim()))
  .pipe(z.array(z.email()).min(1).max(50));

const ianaTimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone');

export const configSchema = z.object({
  TABLE_NAME: z.string().min(3).optional(),
  QUEUE_URL_RESPONSES: z.url().optional(),
  QUEUE_URL_INVITATIONS: z.url().optional(),
  QUEUE_URL_ALERTS: z.url().optional(),
  QUEUE_URL_EXPORTS: z.url().optional(),
  /** Base of every link sent to customers. */
  LIFELINE_PUBLIC_URL: z.url().optional(),
  /** Comment analysis, sentiment and key phrases alike: the `local` analyzers or Amazon Comprehend. */
  LIFELINE_SENTIMENT: z.enum(['local', 'comprehend']).default('local'),
  /** `outbox` (local runtime) stores messages instead of sending them through SES, SMS and SNS. */
  LIFELINE_DELIVERY: z.enum(['aws', 'outbox']).default('aws'),
  LIFELINE_COOLDOWN_DAYS: z.coerce.number().int().min(0).default(90),
  LIFELINE_TOKEN_TTL_DAYS: positiveInt.default(30),
  /** `token`: a static bearer token (local runtime); `jwt`: a Cognito JWT of the admin pool, verified by the function. */
  LIFELINE_ADMIN_AUTH: z.enum(['token', 'jwt']).default('jwt'),
  LIFELINE_ADMIN_TOKEN: z.string().min(16).optional(),
  /** The admin user pool and its app client, whose ID or access tokens admin routes accept (AWS). */
  ADMIN_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
    .optional(),
  ADMIN_USER_POOL_CLIENT_ID: z.string().min(1).optional(),
  /** Survey-token signing keys `{"kid":"secret"}` (local runtime); on AWS they come from Secrets Manager. */
  LIFELINE_TOKEN_KEYS: jsonRecord(z.string().min(32)).optional(),
  /** Secrets Manager secret holding `{"current":"kid","<kid>":"secret",...}` (AWS). */
  LIFELINE_TOKEN_SECRET_ARN: z.string().optional(),
  /** Key id new tokens are signed with; defaults to the last key of LIFELINE_TOKEN_KEYS. */
  LIFELINE_TOKEN_KID: z.string().optional(),
  /** Quiet hours in the customer's time zone, `HH-HH` (start-end, local hours). */
  LIFELINE_QUIET_HOURS: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/)
    .default('21-9'),
  /** Share of customers surveyed per team, `{"billing":0.5}`; teams not listed: 1 (no sampling). */
  LIFELINE_SAMPLING: jsonRecord(z.number().min(0).max(1)).optional(),
  /**
   * Care teams, `{"billing":{"timeZone":"Europe/Madrid","open":9,"close":17,"days":[1,2,3,4,5],"owner":"billing-care"}}`;
   * teams not listed work 09–17 Monday to Friday, UTC, and their cases are owned by `<team>-care`.
   */
  LIFELINE_TEAMS: jsonRecord(
    z.object({
      timeZone: z
        .string()
        .refine((zone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        }, 'must be an IANA time zone')
        .default('UTC'),
      open: z.number().int().min(0).max(23).default(9),
      close: z.number().int().min(1).max(24).default(17),
      days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      owner: z.string().min(1).optional(),
      lead: z.string().min(1).optional(),
    }),
  ).optional(),
  /** Business hours to first contact for a high-severity case (score 0–3 or negative comment). */
  LIFELINE_CASE_HIGH_HOURS: positiveInt.default(4),
  /** Business hours to first contact otherwise; default: one business day of the team. */
  LIFELINE_CASE_NORMAL_HOURS: positiveInt.optional(),
  /** Where overdue cases escalate when their team names no `lead`; unset: the alert channel. */
  LIFELINE_ESCALATION_CONTACT: z.string().min(1).optional(),
  ALERT_TOPIC_ARN: z.string().optional(),
  SES_FROM_ADDRESS: z.string().optional(),
  SES_CONFIGURATION_SET: z.string().optional(),
  SMS_ORIGINATION_IDENTITY: z.string().optional(),
  /** Enables `POST /webhooks/twilio/sms` (locally); on AWS the token comes from Secrets Manager. */
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN_SECRET_ARN: z.string().optional(),
  /** Send one reminder this many days after an unanswered invitation; unset: no reminders. */
  LIFELINE_REMINDER_DAYS: z.coerce.number().int().min(1).max(29).optional(),
  /** An SMS survey conversation takes replies for this long after the invitation is sent. */
  LIFELINE_SMS_CONVERSATION_HOURS: positiveInt.default(72),
  /** `GET /nps` flags figures on fewer answers `lowSample`: below 30 the 95% margin is about ±30 points. */
  LIFELINE_NPS_MIN_RESPONSES: z.coerce.number().int().min(0).default(DEFAULT_MIN_RESPONSES),
  /** Link to the case in care-team alerts; defaults to the public URL. */
  LIFELINE_CONSOLE_URL: z.url().optional(),
  /** Normal-severity alerts go out in one digest at most every this many minutes; unset or 0: each at once. */
  LIFELINE_ALERT_DIGEST_MINUTES: z.coerce.number().int().min(0).max(1440).optional(),
  /** Slack incoming webhook for care-team alerts (locally; unset: the outbox stands in for Slack). */
  LIFELINE_SLACK_WEBHOOK_URL: z.url().optional(),
  /** Secrets Manager secret holding the Slack incoming-webhook URL (AWS); unset: no Slack. */
  LIFELINE_SLACK_WEBHOOK_SECRET_ARN: z.string().min(1).optional(),
  /** Leadership digest recipients, comma-separated email addresses (at most 50); unset: no digest. */
  LIFELINE_DIGEST_RECIPIENTS: emailList.optional(),
  /** The leadership digest of the last complete week goes out on this weekday (English name)... */
  LIFELINE_DIGEST_WEEKDAY: z.string().toLowerCase().pipe(z.enum(WEEKDAYS)).default('monday'),
  /** ...once this local hour (0–23) has passed... */
  LIFELINE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** ...in this IANA time zone. */
  LIFELINE_DIGEST_TIME_ZONE: ianaTimeZone.default('UTC'),
  /**
   * `true` when the runtime can stream a response body (the local runtime); HTTP API on AWS cannot,
   * so there exports are answered inline up to LIFELINE_EXPORT_INLINE_BYTES, beyond it by a download link.
   */
  LIFELINE_RESPONSE_STREAMING: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Largest export answered inline when streaming is off (its JSON-escaped size): 5 MiB, under Lambda's 6 MB response limit. */
  LIFELINE_EXPORT_INLINE_BYTES: positiveInt.default(5 * 1024 * 1024),
  /** How long an export's download link works, in minutes. */
  LIFELINE_EXPORT_URL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(15),
  /** The bucket of export files (AWS). */
  EXPORTS_BUCKET_NAME: z.string().min(3).optional(),
  /** Directory of export files when there is no bucket (the local runtime: `<dataDir>/exports`). */
  LIFELINE_EXPORTS_DIR: z.string().min(1).optional(),
  /** HMAC key of local export download links (the local runtime generates it). */
  LIFELINE_EXPORT_LINK_KEY: z.string().min(32).optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The value of a setting this function cannot run without; throws naming the variable. */
export function requireSetting<K extends keyof Config>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null) {
    throw new ConfigError(`Missing required environment variable ${String(name)}`);
  }
  return value as NonNullable<Config[K]>;
}
