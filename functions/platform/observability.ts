/**
 * One logger for the process (Powertools, JSON to stdout). Never log bodies, contacts or comments:
 * log ids and counts only.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'lifeline' });
