// SQLSTATE classes and codes that say "the database could not do it now", not "this is wrong":
// connection exceptions (08), insufficient resources (53, e.g. too many connections), system
// errors (58), serialization failures and deadlocks, lock_not_available, query_canceled (a
// statement timeout) and the server shutting down or restarting.
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '58'];
// A transaction Postgres aborted to keep serializable order (40001) or to break a deadlock (40P01).
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);
const TRANSIENT_SQLSTATES = new Set([...CONFLICT_SQLSTATES, '55P03', '57014', '57P01', '57P02', '57P03']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// node-postgres reports a lost connection and an exhausted pool (every connection busy for
// connectionTimeoutMillis) as plain Errors, named only by their message.
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /the database system is (starting|shutting) up/i];

/**
 * True when a failure from Postgres or node-postgres says the database was unreachable, busy or
 * restarting, so the same work may well succeed later: a job retries it, a request answers 503
 * with Retry-After. Callers decide first whether the error is already one of ours (an AppError).
 */
export function isTransientDatabaseFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
    if (TRANSIENT_NODE_CODES.has(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}

/** True when Postgres aborted the transaction because it met another one (a deadlock, a serialization failure): run whole again, it usually passes. */
export function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONFLICT_SQLSTATES.has(code);
}
