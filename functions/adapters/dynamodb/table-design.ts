/**
 * The single table's key attributes and indexes. Plain data with no imports, so the CDK stack and
 * the local runtime create exactly the table the adapters query.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttl: 'ttl' } as const;

export const TABLE_INDEXES = {
  /** Everything holding a customer's data (profile, invitations, responses, cases, outbox), for erasure. */
  byCustomer: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Responses by UTC submission day, ordered by submission time, for exports. */
  byDay: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Recovery cases by status, ordered by due time. */
  byStatus: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  /** Sparse: work accepted but not finished (invitations to send, answers to count, alerts to send), for the sweeper. */
  pendingWork: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
} as const;
