/** True when a write failed on a unique index, whichever database raised it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}
