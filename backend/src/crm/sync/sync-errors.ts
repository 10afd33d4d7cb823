import { isTransientDatabaseFailure } from '../../db/transient-database-error';
import { AppError } from '../../http/app-error';

/** True when retrying the job later may well succeed: the database was unreachable or busy (an AppError never is). */
export function isTransientDatabaseError(error: unknown): boolean {
  return !(error instanceof AppError) && isTransientDatabaseFailure(error);
}

/** What a failed run records: AppErrors keep their code and message (never tokens); anything else is ours. */
export function describeRunError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: 'The sync failed on our side; it has been logged' };
}
