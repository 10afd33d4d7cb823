import { AppError } from '../../../http/app-error';
import type { ProviderErrorDetails, ProviderErrorInfo } from '../../provider-http/provider-error';

/** How long a sync waits after the org's API allowance ran out: the rolling 24-hour window frees requests gradually. */
export const QUOTA_RETRY_AFTER_SECONDS = 900;

/** Salesforce's transient refusals: the record was locked, nothing was written; the same request may go again. */
const TRANSIENT_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE']);

/** One item of Salesforce's error arrays, or of a composite result's `errors`. */
export type SalesforceErrorItem = { errorCode?: string; statusCode?: string; message?: string; fields?: string[]; duplicateResult?: unknown };

/**
 * Salesforce's REST errors are arrays `[{ message, errorCode, fields }]` (DUPLICATES_DETECTED adds
 * `duplicateResult` naming the existing record); its OAuth endpoints answer
 * `{ error, error_description }`. Bodies read as text (the Bulk results) are parsed first.
 */
export function readSalesforceError(body: unknown): ProviderErrorInfo {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  if (Array.isArray(parsed)) {
    const first = parsed.find((item): item is SalesforceErrorItem => typeof item === 'object' && item !== null);
    if (!first) return {};
    const existingId = findDuplicateId(first.duplicateResult);
    return { code: first.errorCode ?? first.statusCode, message: withFields(first), ...(existingId ? { existingId } : {}) };
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { code: text('error') ?? text('errorCode'), message: text('error_description') ?? text('message') };
}

/** UNABLE_TO_LOCK_ROW (400 or 500) and SERVER_UNAVAILABLE: nothing happened; retried whatever the method. */
export function isSalesforceTransientRefusal(status: number, body: unknown): boolean {
  if (status < 400) return false;
  const code = readSalesforceError(body).code;
  return code !== undefined && TRANSIENT_CODES.has(code) && (code !== 'SERVER_UNAVAILABLE' || status === 503);
}

/**
 * The codes Salesforce's refusals mean for us, on top of the generic mapping: a spent daily
 * allowance (403 REQUEST_LIMIT_EXCEEDED, never retried: it lasts for hours) and a duplicate
 * naming the record that exists.
 */
export function refineSalesforceError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const details = (error.details ?? {}) as ProviderErrorDetails;
  if (details.providerCode === 'REQUEST_LIMIT_EXCEEDED') {
    return new AppError('provider_quota_exhausted', "Salesforce refused the request: this org's daily API allowance is spent", {
      ...details,
      retryAfterSeconds: QUOTA_RETRY_AFTER_SECONDS,
    });
  }
  if (details.providerCode === 'DUPLICATES_DETECTED') {
    return new AppError('crm_duplicate', 'Salesforce already has a record with these details (its duplicate rules matched)', details);
  }
  return error;
}

/** The id of the first record a DUPLICATES_DETECTED result matched. */
export function findDuplicateId(duplicateResult: unknown): string | undefined {
  const matches = (duplicateResult as { matchResults?: Array<{ matchRecords?: Array<{ record?: { Id?: unknown } }> }> } | undefined)?.matchResults;
  for (const match of matches ?? []) {
    for (const record of match.matchRecords ?? []) {
      if (typeof record.record?.Id === 'string') return record.record.Id;
    }
  }
  return undefined;
}

/** "Required fields are missing: [LastName]" already names them; other messages get the fields appended. */
function withFields(item: SalesforceErrorItem): string | undefined {
  if (!item.message) return item.errorCode;
  const fields = Array.isArray(item.fields) ? item.fields.filter((field) => typeof field === 'string' && !item.message!.includes(field)) : [];
  return fields.length > 0 ? `${item.message} (${fields.join(', ')})` : item.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
