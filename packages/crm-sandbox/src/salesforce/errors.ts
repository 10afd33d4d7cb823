import type { Response } from 'express';

/** One entry of Salesforce's error array. */
export type SalesforceErrorBody = { message: string; errorCode: string; fields?: string[]; [extra: string]: unknown };

/** A refusal the REST routes write as Salesforce does: a JSON array of errors with a status. */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): SalesforceErrorBody[] {
    return [{ message: this.message, errorCode: this.errorCode, fields: this.fields, ...this.extra }];
  }
}

export const sfErrors = {
  invalidSession: () => new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
  limitExceeded: () => new SalesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
  notFound: (message = 'The requested resource does not exist') => new SalesforceError(404, 'NOT_FOUND', message),
  malformedQuery: (message: string) => new SalesforceError(400, 'MALFORMED_QUERY', message),
  invalidField: (message: string) => new SalesforceError(400, 'INVALID_FIELD', message),
  invalidType: (type: string) => new SalesforceError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`),
  invalidLocator: () => new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator'),
  badRequest: (errorCode: string, message: string, fields: string[] = []) => new SalesforceError(400, errorCode, message, fields),
  serverUnavailable: () => new SalesforceError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.'),
};

export function sendSalesforceError(res: Response, error: SalesforceError): void {
  res.status(error.status).json(error.body());
}
