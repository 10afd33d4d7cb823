import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, statusOf, type ErrorCode } from './app-error';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
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

/** The one place where errors become HTTP responses. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = error instanceof AppError ? error : (fromBodyParser(error) ?? fromRouter(error));
    if (appError) {
      const status = statusOf(appError.code);
      if (status >= 500) req.log?.error({ err: error }, appError.message);
      res.status(status).json(body(appError.code, appError.message, appError.details));
      return;
    }
    (req.log ?? logger).error({ err: error }, 'unhandled error');
    if (res.headersSent) return;
    const code: ErrorCode = 'internal_error';
    res.status(statusOf(code)).json(body(code, 'Something went wrong on our side; the error has been logged'));
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route ${req.method} ${req.baseUrl}${req.path}`));
};
