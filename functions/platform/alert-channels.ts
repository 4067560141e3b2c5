/**
 * The channels care-team case alerts fan out to, from the configuration: the SNS alert topic
 * (email and SMS subscribers) always, Slack when a webhook is configured. Locally, without a
 * webhook URL, the outbox stands in for both at once: one outbox alert per case, carrying the
 * plain text the topic would get and the Block Kit Slack would get.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { TableOutbox } from '../adapters/outbox';
import { SlackAlertPublisher } from '../adapters/slack-alerts';
import { slackPayload } from '../adapters/slack-blocks';
import type { AlertChannel, AlertMessage, AlertPublisher } from '../domain/ports';
import { type Config, ConfigError } from './config';

export function createAlertChannels(
  config: Config,
  parts: { topic: () => AlertPublisher; outbox: () => TableOutbox },
): AlertChannel[] {
  const slackUrl = slackWebhookUrl(config);
  if (config.LIFELINE_DELIVERY === 'outbox' && !slackUrl) {
    const outbox = parts.outbox();
    return [{ name: 'sns', publisher: { publishAlert: (m) => outbox.publishAlert(m, slackBlocksOf(m)) } }];
  }
  const channels: AlertChannel[] = [{ name: 'sns', publisher: parts.topic() }];
  if (slackUrl) {
    channels.push({ name: 'slack', publisher: new SlackAlertPublisher({ webhookUrl: slackUrl }) });
  }
  return channels;
}

function slackBlocksOf(m: AlertMessage): { blocks: readonly object[] } | undefined {
  return m.case || m.digest ? { blocks: slackPayload(m).blocks } : undefined;
}

/** Where the webhook URL comes from, or undefined when Slack is not configured. */
function slackWebhookUrl(config: Config): (() => Promise<string>) | undefined {
  const direct = config.LIFELINE_SLACK_WEBHOOK_URL;
  if (direct) return async () => direct;
  const secretArn = config.LIFELINE_SLACK_WEBHOOK_SECRET_ARN;
  if (!secretArn) return undefined;
  // Not memoised here: Powertools caches the secret for five minutes, so a rotated webhook reaches
  // warm functions and a transient Secrets Manager failure is retried with the message.
  return async () => {
    const value = (await getSecret<string>(secretArn, { maxAge: 300 }))?.trim();
    if (!value || !URL.canParse(value) || new URL(value).protocol !== 'https:') {
      // Says which secret, never its value.
      throw new ConfigError(`The secret ${secretArn} does not hold an https Slack webhook URL`);
    }
    return value;
  };
}
