import type { Response } from 'express';

/** Zoho CRM's error shape, for a whole request and for each record of a write. */
export type ZohoErrorBody = {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
};

export function zohoError(code: string, message: string, details: Record<string, unknown> = {}): ZohoErrorBody {
  return { code, details, message, status: 'error' };
}

/** Thrown below the routes; the routes' error handler writes it with its HTTP status. */
export class ZohoApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: ZohoErrorBody,
  ) {
    super(body.message);
  }
}

export function sendZohoError(res: Response, error: ZohoApiError): void {
  res.status(error.httpStatus).json(error.body);
}

export const ZohoErrors = {
  authenticationFailure: () => new ZohoApiError(401, zohoError('AUTHENTICATION_FAILURE', 'Authentication failed')),
  invalidToken: () => new ZohoApiError(401, zohoError('INVALID_TOKEN', 'invalid oauth token')),
  scopeMismatch: () => new ZohoApiError(401, zohoError('OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL')),
  tooManyRequests: () =>
    new ZohoApiError(429, zohoError('TOO_MANY_REQUESTS', 'too many requests. please try again after some time')),
  invalidUrl: () => new ZohoApiError(404, zohoError('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one')),
  invalidModule: () =>
    new ZohoApiError(400, zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 })),
  requiredParam: (paramName: string) =>
    new ZohoApiError(400, zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: paramName })),
  invalidParam: (paramName: string, extra: Record<string, unknown> = {}) =>
    new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { param_name: paramName, ...extra })),
  limitExceeded: (details: Record<string, unknown>, message = 'Record count exceeded') =>
    new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', message, details)),
  invalidBody: () => new ZohoApiError(400, zohoError('INVALID_DATA', 'body')),
  internal: () => new ZohoApiError(500, zohoError('INTERNAL_ERROR', 'Internal server error occurred.')),
  notFound: (resourcePathIndex: number) =>
    new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: resourcePathIndex })),
};
