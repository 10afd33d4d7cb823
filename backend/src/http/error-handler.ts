import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { TApiError } from '@voiceagent/shared';
import { isTransientDatabaseFailure } from '../db/transient-database-error';
import { AppError, statusOf } from './app-error';
import { findAnsweringEndpoint, type OnApiResponse } from './response-hook';

/** An error as the API answers it: its status and the `{ error: { code, message, details? } }` body. */
export type ErrorResponse = { status: number; body: TApiError };

/**
 * The status and body written for an AppError. The one definition: the error handler writes it,
 * and an Idempotency-Key saves it to answer a retry with exactly the same.
 */
export function toErrorResponse(error: AppError): ErrorResponse {
  const { code, message, details } = error;
  return { status: statusOf(code), body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

/** Errors that Express's own body parser raises carry a `type` and a `status`. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const type = (error as { type: unknown }).type;
  if (type === 'entity.parse.failed') return new AppError('invalid_json', 'The request body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'The request body encoding is not supported');
  }
  return undefined;
}

/** Express's router could not percent-decode a path parameter (`/agents/%ZZ`): the URL is the client's mistake. */
function fromRouter(error: unknown): AppError | undefined {
  if (!(error instanceof URIError) || (error as URIError & { status?: unknown }).status !== 400) return undefined;
  return new AppError('validation_failed', 'The URL path is not valid percent-encoding');
}

/**
 * The database was busy, unreachable or restarting (every pooled connection taken for
 * connectionTimeoutMillis, a statement timeout, a lost connection): the request was fine, so the
 * answer is 503 with Retry-After, which clients and load balancers retry, not a 500.
 */
function fromDatabase(error: unknown): AppError | undefined {
  if (!isTransientDatabaseFailure(error)) return undefined;
  return new AppError('service_unavailable', 'The database is busy or unreachable; try again in a few seconds', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** An error that says when to try again (`details.retryAfterSeconds`) is answered with Retry-After too. */
function readRetryAfterSeconds(error: AppError | undefined): number | undefined {
  const details = error?.details;
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) return undefined;
  const seconds = (details as { retryAfterSeconds: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** The one place where errors become HTTP responses. */
export function createErrorHandler(logger: Logger, onResponse?: OnApiResponse): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const appError = error instanceof AppError ? error : (fromBodyParser(error) ?? fromRouter(error) ?? fromDatabase(error));
    if (!appError || statusOf(appError.code) >= 500 || res.headersSent) {
      (req.log ?? logger).error({ err: error }, appError?.message ?? 'unhandled error');
    }
    // A streamed body failed half-way: the status is sent; Express's own handler cuts the connection.
    if (res.headersSent) return next(error);
    const { status, body } = toErrorResponse(appError ?? new AppError('internal_error', 'Something went wrong on our side; the error has been logged'));
    const retryAfter = readRetryAfterSeconds(appError);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
    onResponse?.({ method: req.method, url: req.originalUrl, endpoint: findAnsweringEndpoint(res), status, body });
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route ${req.method} ${req.baseUrl}${req.path}`));
};
