import express from 'express';
import type { Response, Router } from 'express';
import { CALL_READABLE_FIELDS, createCalls, listCalls, renderCall, searchCalls } from './calls';
import { renderContact } from './contact-fields';
import { createContacts, deleteContacts, updateContacts } from './contact-writes';
import { listDeleted, parseDeletedQuery } from './deleted-records';
import { zohoPathOf } from './fault-middleware';
import { listContacts } from './list-records';
import { listViewRecords } from './custom-views-routes';
import { parseFields, parseListQuery, parseSince, single } from './list-query';
import { renderContextOf } from './org';
import { apiLocals, moduleOf, pathParam, recordsOf, requireScope, zohoRoute } from './route-support';
import type { ZohoSandboxState } from './sandbox-state';
import { parseDuplicateCheckFields, upsertContacts } from './upsert';
import { batchStatus } from './write-results';
import type { RecordResult } from './write-results';
import { ZohoErrors } from './zoho-errors';

/** The Records API for Contacts and Calls under /crm/v8. Fixed segments come before /{id}. */
export function recordsRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();
  const limits = state.limits;

  router.get('/:module/deleted', zohoRoute((req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'READ' });
    const query = parseDeletedQuery(req.query, req.get('if-modified-since'), limits);
    // Calls are never deleted in the sandbox, so their recycle bin is always empty.
    if (module === 'Calls') return void res.status(204).end();
    sendResult(res, listDeleted(apiLocals(res).org, query));
  }));

  router.post('/:module/upsert', zohoRoute(async (req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'CREATE' });
    requireScope(res, { kind: 'module', module, operation: 'UPDATE' });
    if (module !== 'Contacts') throw ZohoErrors.invalidUrl();
    const records = recordsOf(req.body, limits);
    const fields = parseDuplicateCheckFields((req.body as { duplicate_check_fields?: unknown }).duplicate_check_fields);
    sendBatch(res, await upsertContacts(apiLocals(res).org, records, fields, state.now()), 200);
  }));

  router.get('/:module', zohoRoute((req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'READ' });
    const { org } = apiLocals(res);
    if (module === 'Calls') return void sendResult(res, listCalls(org, req.query, limits));
    if (req.query.cvid !== undefined) {
      const result = listViewRecords(org, req.query, limits);
      return void (result.body === undefined ? res.status(result.status).end() : res.status(result.status).json(result.body));
    }
    // Get Records by ids (up to 100, comma-separated): the records that exist, in the order asked; 204 when none does.
    if (req.query.ids !== undefined && module === 'Contacts') {
      const fieldsParam = single(req.query.fields);
      const fields = fieldsParam === undefined ? undefined : parseFields(fieldsParam, org.fields.readableNames(), limits);
      const render = renderContextOf(org);
      const found = idsParam(req.query.ids, limits.maxRecordsPerWrite).flatMap((id) => {
        const contact = org.contacts.get(id);
        return contact ? [renderContact(contact, render, fields)] : [];
      });
      if (found.length === 0) return void res.status(204).end();
      return void res.json({ data: found, info: { count: found.length, more_records: false, per_page: found.length, page: 1 } });
    }
    const query = parseListQuery(req.query, req.get('if-modified-since'), org.fields.readableNames(), limits);
    const ctx = { orgId: org.id, store: org.contacts, render: renderContextOf(org), limits, nowMs: state.now(), codec: state.codec };
    sendResult(res, listContacts(ctx, query));
  }));

  // The sandbox searches Calls only (by contact, subject or type): what write-back needs to find a call it may have logged.
  router.get('/:module/search', zohoRoute((req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'READ' });
    if (module !== 'Calls') throw ZohoErrors.invalidUrl();
    sendResult(res, searchCalls(apiLocals(res).org, req.query, limits));
  }));

  router.get('/:module/:id', zohoRoute((req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'READ' });
    const { org } = apiLocals(res);
    const id = pathParam(req, 'id');
    const fieldsParam = single(req.query.fields);
    const readable = module === 'Contacts' ? org.fields.readableNames() : CALL_READABLE_FIELDS;
    const fields = fieldsParam === undefined ? undefined : parseFields(fieldsParam, readable, limits);
    const sinceSec = parseSince(req.get('if-modified-since'));
    const notModified = (modifiedAtMs: number) => sinceSec !== undefined && modifiedAtMs / 1000 < sinceSec;
    if (module === 'Contacts') {
      const contact = org.contacts.get(id);
      if (!contact) return void res.status(204).end();
      if (notModified(contact.modifiedAtMs)) return void res.status(304).end();
      return void res.json({ data: [renderContact(contact, renderContextOf(org), fields)] });
    }
    const call = org.calls.get(id);
    if (!call) return void res.status(204).end();
    if (notModified(call.modifiedAtMs)) return void res.status(304).end();
    res.json({ data: [renderCall(call, org, fields)] });
  }));

  router.post('/:module', zohoRoute(async (req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'CREATE' });
    const records = recordsOf(req.body, limits);
    const { org, dataCentre } = apiLocals(res);
    const path = zohoPathOf(req.originalUrl, dataCentre.location);
    const failsRecord = (record: unknown) => state.faults.failsRecord(dataCentre.location, path, record);
    const results = module === 'Contacts' ? await createContacts(org, records, state.now()) : createCalls(org, records, state.now(), failsRecord);
    sendBatch(res, results, 201);
  }));

  const update = zohoRoute(async (req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'UPDATE' });
    if (module !== 'Contacts') throw ZohoErrors.invalidUrl();
    const records = recordsOf(req.body, limits);
    const pathId = req.params.id === undefined ? undefined : pathParam(req, 'id');
    sendBatch(res, await updateContacts(apiLocals(res).org, records, state.now(), pathId), 200);
  });
  router.put('/:module', update);
  router.put('/:module/:id', update);

  const remove = zohoRoute((req, res) => {
    const module = moduleOf(req.params.module);
    requireScope(res, { kind: 'module', module, operation: 'DELETE' });
    if (module !== 'Contacts') throw ZohoErrors.invalidUrl();
    const ids = req.params.id === undefined ? idsParam(req.query.ids, limits.maxRecordsPerWrite) : [pathParam(req, 'id')];
    sendBatch(res, deleteContacts(apiLocals(res).org, ids, state.now()), 200);
  });
  router.delete('/:module', remove);
  router.delete('/:module/:id', remove);

  return router;
}

function idsParam(value: unknown, max: number): string[] {
  const raw = single(value);
  if (raw === undefined || raw.trim() === '') throw ZohoErrors.requiredParam('ids');
  const ids = raw.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  if (ids.length > max) throw ZohoErrors.limitExceeded({ limit: max, param_name: 'ids' });
  return ids;
}

function sendResult(res: Response, result: { status: number; body?: unknown }): void {
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}

function sendBatch(res: Response, results: RecordResult[], allSucceeded: number): void {
  res.status(batchStatus(results, allSucceeded)).json({ data: results });
}
