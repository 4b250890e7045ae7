/** True when a write failed on a unique index, whichever database raised it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}

/** Network-level failures reaching PostgreSQL or MySQL/MariaDB (Node, pg and mysql2 codes). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

/**
 * True when a query failed because the database cannot be reached or dropped the connection
 * (it went away, restarted, or an administrator ended the session), not because of the query:
 * the caller should retry later. PostgreSQL classes 08 (connection exception) and 57P
 * (operator intervention: admin shutdown, crash shutdown, cannot connect now) count.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; fatal?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-4]$/.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|Can't add new command when connection is in closed state/i.test(message);
}
