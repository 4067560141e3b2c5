/**
 * Input schemas of the admin routes, as the contract states them.
 */
import { z } from 'zod';
import { DIMENSIONS } from '../domain/model';

const id = (name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .min(1, `${name} must not be empty`)
    .max(128, `${name} is limited to 128 characters`);

const isLocale = (value: string) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

export const E164 = /^\+[1-9]\d{6,14}$/;

export const interactionSchema = z
  .object({
    interactionId: id('interactionId'),
    channel: z.enum(['email', 'sms'], { error: 'channel must be "email" or "sms"' }),
    customer: z.object({
      id: id('customer.id'),
      email: z.email('customer.email must be an email address').max(254).optional(),
      phone: z.string().regex(E164, 'customer.phone must be in E.164 format, e.g. +14155550100').optional(),
      name: z.string().min(1).max(200).optional(),
      locale: z
        .string()
        .max(35)
        .refine(isLocale, 'customer.locale must be a BCP 47 tag such as "es" or "pt-BR"')
        .optional(),
      timeZone: z
        .string()
        .max(64)
        .refine(isTimeZone, 'customer.timeZone must be an IANA time zone')
        .optional(),
    }),
    agentId: id('agentId').optional(),
    teamId: id('teamId').optional(),
    product: id('product').optional(),
    occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time' }),
  })
  .superRefine((value, ctx) => {
    if (value.channel === 'email' && !value.customer.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['customer', 'email'],
        message: 'an email invitation needs customer.email',
      });
    }
    if (value.channel === 'sms' && !value.customer.phone) {
      ctx.addIssue({
        code: 'custom',
        path: ['customer', 'phone'],
        message: 'an SMS invitation needs customer.phone',
      });
    }
  });

const day = (name: string) =>
  z
    .string({ error: `${name} is required (YYYY-MM-DD)` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date YYYY-MM-DD`)
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      `${name} is not a real date`,
    );

export const rangeSchema = z.object({ from: day('from'), to: day('to') });

/** A whole number from a query string: digits only, so `-1`, `1.5`, `1e3` and `` are refused. */
const wholeNumber = (message: string, min: number, max: number) =>
  z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));

/** `previous`, or an explicit baseline `YYYY-MM-DD..YYYY-MM-DD` of real days, in order. */
const compareSchema = z.string().transform((value, ctx) => {
  if (value === 'previous') return 'previous' as const;
  const [from, to, ...rest] = value.split('..');
  const range = rangeSchema.safeParse({ from, to });
  if (rest.length > 0 || !range.success) {
    ctx.addIssue({ code: 'custom', message: 'compare must be "previous" or YYYY-MM-DD..YYYY-MM-DD' });
    return z.NEVER;
  }
  if (range.data.from > range.data.to) {
    ctx.addIssue({ code: 'custom', message: 'the compare range must not end before it starts' });
    return z.NEVER;
  }
  return range.data;
});

const groupBySchema = z.enum(DIMENSIONS, { error: 'groupBy must be team, agent, channel or product' });
const intervalSchema = z.enum(['day', 'week', 'month'], { error: 'interval must be day, week or month' });

export const npsQuerySchema = rangeSchema
  .extend({
    groupBy: groupBySchema.optional(),
    interval: intervalSchema.optional(),
    window: wholeNumber('window must be a whole number of days from 2 to 365', 2, 365).optional(),
    compare: compareSchema.optional(),
    minResponses: wholeNumber('minResponses must be a non-negative integer', 0, 999_999_999).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.window !== undefined && value.interval !== 'day') {
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'window needs interval=day' });
    }
  });

/** `GET /response-rates`: cohort days (the range's length is checked by the use case, as for /nps). */
export const ratesQuerySchema = rangeSchema.extend({
  groupBy: groupBySchema.optional(),
  interval: intervalSchema.optional(),
});

/** `GET /themes`: a day range (its length checked by the use case, as for /nps) and optionally one team. */
export const themesQuerySchema = rangeSchema.extend({ teamId: id('teamId').optional() });

export const recoveryReportQuerySchema = rangeSchema.extend({
  groupBy: z.enum(['team'], { error: 'groupBy must be team' }).optional(),
});

export const caseStatusQuerySchema = z.object({
  status: z
    .enum(['open', 'contacted', 'resolved'], { error: 'status must be open, contacted or resolved' })
    .optional(),
});

/**
 * `open` reopens a resolved case, or with an `assignee` assigns an open case; only resolving takes
 * an outcome (optional, as the contract says).
 */
export const casePatchSchema = z
  .strictObject({
    status: z.enum(['contacted', 'resolved', 'open'], {
      error: 'status must be "contacted", "resolved" or "open"',
    }),
    note: z.string().max(5000).optional(),
    assignee: id('assignee').optional(),
    outcome: z
      .enum(['recovered', 'not_recovered', 'unreachable'], {
        error: 'outcome must be recovered, not_recovered or unreachable',
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.status !== 'resolved' && value.outcome) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'an outcome is given only when resolving' });
    }
  });

export const caseIdSchema = z.object({ caseId: id('caseId') });
export const customerIdSchema = z.object({ customerId: id('customerId') });

/** `POST /exports`: a day range (checked by the use case) and a file format. */
export const exportRequestSchema = z.strictObject({
  from: day('from'),
  to: day('to'),
  format: z.enum(['csv', 'jsonl'], { error: 'format must be "csv" or "jsonl"' }),
});

export const exportIdSchema = z.object({ exportId: id('exportId') });
