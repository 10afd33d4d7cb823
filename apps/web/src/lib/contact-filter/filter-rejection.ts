import { ApiError } from '../api-client';

/**
 * The list refused the filter (a field gone since the filter was built, a mapping changed): the
 * server's message names the condition. Other errors are load failures with a Retry.
 */
export function describeFilterRejection(error: unknown, hasFilter: boolean): string | null {
  if (!hasFilter || !(error instanceof ApiError) || error.status !== 400 || error.code !== 'validation_failed') return null;
  return error.message;
}
