/**
 * Survey-token signing keys: from the environment locally, from Secrets Manager on AWS (read once
 * per cold start, cached by Powertools Parameters for five minutes so a rotation reaches warm functions).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { TokenKeys } from '../domain/survey-token';
import { type Config, ConfigError } from './config';

export async function loadTokenKeys(config: Config): Promise<TokenKeys> {
  if (config.LIFELINE_TOKEN_KEYS) {
    const ids = Object.keys(config.LIFELINE_TOKEN_KEYS);
    const current = config.LIFELINE_TOKEN_KID ?? ids.at(-1);
    if (!current || !config.LIFELINE_TOKEN_KEYS[current]) {
      throw new ConfigError('LIFELINE_TOKEN_KID must name a key of LIFELINE_TOKEN_KEYS');
    }
    return { current, keys: config.LIFELINE_TOKEN_KEYS };
  }
  if (config.LIFELINE_TOKEN_SECRET_ARN) {
    const secret = await getSecret<Record<string, string>>(config.LIFELINE_TOKEN_SECRET_ARN, {
      transform: 'json',
      maxAge: 300,
    });
    const { current, ...keys } = secret ?? {};
    if (!current || !keys[current])
      throw new ConfigError('The token secret must hold "current" and that key');
    return { current, keys };
  }
  throw new ConfigError(
    'Missing required environment variable LIFELINE_TOKEN_KEYS or LIFELINE_TOKEN_SECRET_ARN',
  );
}
