import { statusOfErrorCode, type TErrorCode } from '@voiceagent/shared';

/**
 * Typed errors. Code below the routes throws `AppError` with a code; only the error handler
 * turns a code into an HTTP status, through the contract's `ERROR_STATUS` table.
 */
export type ErrorCode = TErrorCode;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function statusOf(code: ErrorCode): number {
  return statusOfErrorCode(code);
}
