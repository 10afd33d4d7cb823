import { AppError } from '../../http/app-error';

// SQLSTATE classes and codes that say "the database could not do it now", not "this is wrong".
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '58'];
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /the database system is (starting|shutting) up/i];

/** True when retrying the job later may well succeed: the database was unreachable or busy. */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
    if (TRANSIENT_NODE_CODES.has(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}

/** What a failed run records: AppErrors keep their code and message (never tokens); anything else is ours. */
export function describeRunError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: 'The sync failed on our side; it has been logged' };
}
