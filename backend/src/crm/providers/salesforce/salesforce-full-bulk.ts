import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { MappedFieldNames } from '../../crm-records';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { parseBulkCsvPage } from './salesforce-csv';
import type { TBulkCursor } from './salesforce-cursor';
import { liveRecordsCondition } from './salesforce-full-rest';
import { fromCsvRow, mapSalesforceRecord } from './salesforce-mapping';
import { selectedFields } from './salesforce-requested-fields';
import { buildSelect } from './salesforce-soql';
import type { SalesforceSyncSettings } from './salesforce-sync-settings';

const ZJob = z.looseObject({ id: z.string().min(1), state: z.string().min(1), errorMessage: z.string().nullable().optional() });

export type FullBulkPage = { contacts: CrmContactRecord[]; cursor: TBulkCursor; isObjectDone: boolean };

/**
 * One page of a full read through Bulk API 2.0: create the object's query job, wait for it
 * (backing off, for at most `bulkPollBudgetMs` per page — a job still running hands the run on
 * with an empty page, and the next page waits again), then one results request of `maxRecords`
 * rows per page, following Sforce-Locator until Salesforce says `null`. The job selects the
 * `mapped` fields too; their CSV cells come back as text (empty: null), as Salesforce wrote them.
 */
export async function fetchFullBulkPage(http: ProviderHttpClient, cursor: TBulkCursor, settings: SalesforceSyncSettings, mapped?: MappedFieldNames): Promise<FullBulkPage> {
  const jobId = cursor.jobId ?? (await createQueryJob(http, cursor, mapped));
  if (cursor.locator === null) {
    const isComplete = await waitForJob(http, jobId, settings);
    if (!isComplete) {
      if (cursor.waits + 1 >= settings.bulkMaxWaits) {
        throw new AppError('provider_unavailable', `Salesforce's Bulk query job for ${cursor.object} did not complete in time; the sync stopped`, { platform: 'salesforce', jobId });
      }
      return { contacts: [], cursor: { ...cursor, jobId, waits: cursor.waits + 1 }, isObjectDone: false };
    }
  }
  const response = await http.get<string>(`/jobs/query/${encodeURIComponent(jobId)}/results`, {
    params: { maxRecords: settings.bulkMaxRecords, ...(cursor.locator === null ? {} : { locator: cursor.locator }) },
    headers: { Accept: 'text/csv' },
    responseType: 'text',
    operation: 'salesforce.bulk.results',
  });
  const contacts = parseBulkCsvPage(String(response.data ?? '')).map((row) => mapSalesforceRecord(cursor.object, fromCsvRow(row)));
  const next = response.headers['sforce-locator'];
  if (typeof next !== 'string' || next === '' || next === 'null') {
    await deleteJob(http, jobId);
    return { contacts, cursor: { ...cursor, jobId, locator: null }, isObjectDone: true };
  }
  if (next === cursor.locator) throw new AppError('provider_unavailable', 'Salesforce returned the same Bulk results locator twice; stopping instead of looping', { platform: 'salesforce' });
  return { contacts, cursor: { ...cursor, jobId, locator: next }, isObjectDone: false };
}

/** POST /jobs/query. Safe to repeat after a lost answer: a second job only costs a job. */
async function createQueryJob(http: ProviderHttpClient, cursor: TBulkCursor, mapped: MappedFieldNames | undefined): Promise<string> {
  const query = buildSelect({ fields: selectedFields(cursor.object, mapped), object: cursor.object, where: [liveRecordsCondition(cursor.object)] });
  const response = await http.post<unknown>('/jobs/query', { operation: 'query', query }, { operation: 'salesforce.bulk.create', idempotent: true });
  return parseProviderBody(ZJob, response.data, 'Salesforce', 'the Bulk query job create').id;
}

/** True once the job is JobComplete; false when the budget ran out first. Failed and Aborted jobs fail the run. */
async function waitForJob(http: ProviderHttpClient, jobId: string, settings: SalesforceSyncSettings): Promise<boolean> {
  const deadline = Date.now() + settings.bulkPollBudgetMs;
  for (let delayMs = 200; ; delayMs = Math.min(delayMs * 2, 5000)) {
    const response = await http.get<unknown>(`/jobs/query/${encodeURIComponent(jobId)}`, { operation: 'salesforce.bulk.status' });
    const job = parseProviderBody(ZJob, response.data, 'Salesforce', 'the Bulk query job status');
    if (job.state === 'JobComplete') return true;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new AppError('provider_rejected', `Salesforce's Bulk query job ${job.state.toLowerCase()}: ${job.errorMessage ?? 'no reason given'}`, { platform: 'salesforce', jobId });
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await sleep(Math.min(delayMs, remaining));
  }
}

/** Results are no longer needed once read; Salesforce would keep them for days. Best effort. */
async function deleteJob(http: ProviderHttpClient, jobId: string): Promise<void> {
  await http.delete(`/jobs/query/${encodeURIComponent(jobId)}`, { operation: 'salesforce.bulk.delete' }).catch(() => undefined);
}
