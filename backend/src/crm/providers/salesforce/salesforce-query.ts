import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { SALESFORCE_API_PATH } from './salesforce-client';
import { ZSalesforceRecord } from './salesforce-mapping';

export const ZQueryBody = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  records: z.array(ZSalesforceRecord),
  nextRecordsUrl: z.string().min(1).optional(),
});
export type TQueryBody = z.infer<typeof ZQueryBody>;

/** GET /query (or /queryAll, which also returns deleted records) for one SOQL statement. */
export async function runQuery(http: ProviderHttpClient, soql: string, options: { all?: boolean; batchSize?: number; operation: string }): Promise<TQueryBody> {
  const response = await http.get<unknown>(options.all ? '/queryAll' : '/query', {
    params: { q: soql },
    headers: options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : {},
    operation: options.operation,
  });
  return parseProviderBody(ZQueryBody, response.data, 'Salesforce', options.operation);
}

/**
 * GET the query's next batch. The URL came from Salesforce (and from a saved cursor): only a
 * query locator path of our API version is followed, so the token goes nowhere else.
 */
export async function runQueryMore(http: ProviderHttpClient, nextRecordsUrl: string, options: { batchSize?: number; operation: string }): Promise<TQueryBody> {
  const locator = nextRecordsUrl.startsWith(`${SALESFORCE_API_PATH}/`) ? nextRecordsUrl.slice(SALESFORCE_API_PATH.length) : null;
  if (locator === null || !/^\/query(?:All)?\/[\w-]+$/.test(locator)) {
    throw new AppError('provider_rejected', 'Salesforce returned a nextRecordsUrl that is not a query locator of this API version', { platform: 'salesforce' });
  }
  const response = await http.get<unknown>(locator, {
    headers: options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : {},
    operation: options.operation,
  });
  return parseProviderBody(ZQueryBody, response.data, 'Salesforce', options.operation);
}

/** SELECT COUNT() → totalSize. */
export async function countRecords(http: ProviderHttpClient, soql: string, operation: string): Promise<number> {
  return (await runQuery(http, soql, { operation })).totalSize;
}
