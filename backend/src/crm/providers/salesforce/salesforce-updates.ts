import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactFieldWrite, ContactRef, ContactUpdate, UpdateContactResult } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';

/** sObject Collections take at most 200 records per request. */
export const MAX_UPDATES_PER_BATCH = 200;

const ZCollectionAnswer = z.array(
  z.looseObject({
    success: z.boolean(),
    errors: z.array(z.looseObject({ statusCode: z.string().optional(), message: z.string().optional(), fields: z.array(z.string()).optional() })).default([]),
  }),
);

/** Per-record codes that say "not this time": nothing was written, sending the record again may work. */
const PASSING_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG']);

/**
 * PATCH /composite/sobjects with allOrNone=false and up to 200 Contacts or Leads (the caller sends
 * one object type per batch): each record is saved or refused on its own, answered in input order.
 */
export async function updateSalesforceContacts(http: ProviderHttpClient, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `Salesforce updates at most ${MAX_UPDATES_PER_BATCH} records per request; got ${items.length}`, { platform: 'salesforce' });
  if (items.length === 0) return [];
  const records = items.map((item) => ({ attributes: { type: objectOf(item) }, ...toSalesforceValues(item.fields), Id: item.externalId }));
  // Setting values twice sets them once: safe to retry after a timeout or a 5xx.
  const response = await http.patch<unknown>('/composite/sobjects', { allOrNone: false, records }, { operation: 'salesforce.contacts.batch-update', idempotent: true });
  const answers = parseProviderBody(ZCollectionAnswer, response.data, 'Salesforce', 'the sObject Collections update');
  if (answers.length !== items.length) throw new AppError('provider_unavailable', 'Salesforce answered the collection update without a verdict for every record', { platform: 'salesforce' });
  return answers.map((answer, index): UpdateContactResult => {
    if (answer.success) return { ok: true };
    const first = answer.errors[0] ?? {};
    const code = first.statusCode ?? 'UNKNOWN';
    const said = `${first.message ?? 'no reason given'}${first.fields && first.fields.length > 0 ? ` (${first.fields.join(', ')})` : ''} [${code}]`;
    const object = objectOf(items[index]!);
    if (PASSING_CODES.has(code)) return { ok: false, error: { code: 'provider_unavailable', message: `Salesforce could not save the ${object} this time: ${said}` } };
    return { ok: false, error: { code: 'provider_rejected', message: `Salesforce refused the ${object} update: ${said}` } };
  });
}

function objectOf(item: ContactRef): 'Contact' | 'Lead' {
  return item.objectType === 'lead' ? 'Lead' : 'Contact';
}

/** Salesforce takes typed JSON; a multi-select picklist is its values joined by `;`. */
function toSalesforceValues(fields: Record<string, ContactFieldWrite>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value.join(';') : value]));
}

/** DELETE /composite/sobjects?ids=…&allOrNone=false with up to 200 ids: into the recycle bin, a verdict per id in order. */
export async function archiveSalesforceContacts(http: ProviderHttpClient, items: ContactRef[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `Salesforce deletes at most ${MAX_UPDATES_PER_BATCH} records per request; got ${items.length}`, { platform: 'salesforce' });
  if (items.length === 0) return [];
  const response = await http.delete<unknown>('/composite/sobjects', {
    params: { ids: items.map((item) => item.externalId).join(','), allOrNone: 'false' },
    operation: 'salesforce.contacts.batch-delete',
  });
  const answers = parseProviderBody(ZCollectionAnswer, response.data, 'Salesforce', 'the sObject Collections delete');
  if (answers.length !== items.length) throw new AppError('provider_unavailable', 'Salesforce answered the collection delete without a verdict for every record', { platform: 'salesforce' });
  return answers.map((answer, index): UpdateContactResult => {
    const first = answer.errors[0] ?? {};
    const code = first.statusCode ?? 'UNKNOWN';
    // Gone already (a retried request whose first answer was lost, or deleted meanwhile): what was asked holds.
    if (answer.success || code === 'ENTITY_IS_DELETED') return { ok: true };
    const said = `${first.message ?? 'no reason given'} [${code}]`;
    const object = objectOf(items[index]!);
    return { ok: false, error: { code: PASSING_CODES.has(code) ? 'provider_unavailable' : 'provider_rejected', message: `Salesforce did not delete the ${object}: ${said}` } };
  });
}
