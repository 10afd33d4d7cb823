import express from 'express';
import type { Request, Router } from 'express';
import { SalesforceError, sfErrors } from './errors';
import { normalizeId } from './ids';
import { nextStamp } from './org';
import type { SalesforceOrg } from './org';
import { toJsonRecord } from './query-engine';
import { createRecord, deleteRecord, findLiveRef, updateRecord } from './record-writes';
import { handle, localsOf, typeParam } from './rest-support';
import type { SalesforceSandboxState } from './sandbox-state';
import type { FieldLookup } from './org-schema';
import { labelOf } from './schema';
import type { FieldDef, SObjectType } from './schema';
import { describeField } from './describe';
import { formatDateTime, parseDateTime } from './sf-time';

const REPLICATION_WINDOW_MS = 30 * 86_400_000;

/** /sobjects/<Type>: describe, get/create/update/delete one record, and the updated/deleted replication calls. */
export function sobjectRoutes(state: SalesforceSandboxState, failsRecord: (org: SalesforceOrg, path: string, record: unknown) => boolean): Router {
  const router = express.Router({ mergeParams: true });

  router.get('/sobjects/:type/describe', handle((req, res) => void res.json(describe(localsOf(res).org.schema, typeParam(req)))));

  router.get('/sobjects/:type/updated', handle((req, res) => {
    const type = typeParam(req);
    const { org } = localsOf(res);
    const [start, end] = replicationWindow(req, state.now());
    const ids: string[] = [];
    const store = org.stores[type];
    for (const ref of store.refs()) {
      const row = store.scanRow(ref, type !== 'Task');
      const stamp = row.SystemModstamp as number;
      if (!row.IsDeleted && stamp >= start && stamp < end) ids.push(row.Id as string);
    }
    res.json({ ids, latestDateCovered: formatDateTime(Math.min(end, state.now())) });
  }));

  router.get('/sobjects/:type/deleted', handle((req, res) => {
    const type = typeParam(req);
    const { org } = localsOf(res);
    const now = state.now();
    const [start, end] = replicationWindow(req, now);
    const deletedRecords = org.stores[type].deletedBetween(start, end - 1).map((entry) => ({ id: entry.id, deletedDate: formatDateTime(entry.deletedAt) }));
    res.json({ deletedRecords, earliestDateAvailable: formatDateTime(now - REPLICATION_WINDOW_MS), latestDateCovered: formatDateTime(Math.min(end, now)) });
  }));

  router.get('/sobjects/:type/:id', handle((req, res) => {
    const type = typeParam(req);
    const { org, version } = localsOf(res);
    const id = normalizeId(String(req.params.id));
    if (!id) throw sfErrors.notFound();
    const ref = findLiveRef(org, type, id, 'read');
    const record = org.stores[type].read(ref)!;
    const fields = selectedFields(org.schema, type, req.query.fields);
    res.json(toJsonRecord(type, version, fields, record));
  }));

  router.post('/sobjects/:type', handle((req, res) => {
    const type = typeParam(req);
    const { org } = localsOf(res);
    const body = objectBody(req);
    if (failsRecord(org, req.originalUrl.split('?')[0]!, body)) throw lockError();
    const record = createRecord(org, type, body, nextStamp(org, state.now()));
    res.status(201).json({ id: record.Id, success: true, errors: [] });
  }));

  router.patch('/sobjects/:type/:id', handle((req, res) => {
    const type = typeParam(req);
    const { org } = localsOf(res);
    const id = normalizeId(String(req.params.id));
    if (!id) throw sfErrors.notFound();
    const body = objectBody(req);
    if (failsRecord(org, req.originalUrl.split('?')[0]!, body)) throw lockError(id);
    updateRecord(org, type, id, body, nextStamp(org, state.now()));
    res.status(204).end();
  }));

  router.delete('/sobjects/:type/:id', handle((req, res) => {
    const type = typeParam(req);
    const { org } = localsOf(res);
    const id = normalizeId(String(req.params.id));
    if (!id) throw sfErrors.notFound();
    if (failsRecord(org, req.originalUrl.split('?')[0]!, { Id: id })) throw lockError(id);
    deleteRecord(org, type, id, nextStamp(org, state.now()));
    res.status(204).end();
  }));

  return router;
}

export function lockError(id?: string): SalesforceError {
  return new SalesforceError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record${id ? ` or 1 records: ${id}` : ''}`);
}

export function objectBody(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

function selectedFields(schema: FieldLookup, type: SObjectType, raw: unknown): FieldDef[] {
  if (typeof raw !== 'string' || raw.trim() === '') return schema.fieldsOf(type);
  return raw.split(',').map((name) => {
    const field = schema.findField(type, name.trim());
    if (!field) throw sfErrors.invalidField(`No such column '${name.trim()}' on entity '${type}'.`);
    return field;
  });
}

/** start and end (ISO datetimes) of a replication call; start older than 30 days is refused. */
function replicationWindow(req: Request, nowMs: number): [number, number] {
  const start = parseDateTime(String(req.query.start ?? ''));
  const end = parseDateTime(String(req.query.end ?? ''));
  if (start === null || end === null) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'start and end must be ISO 8601 datetimes, e.g. 2026-01-01T00:00:00Z');
  if (start > end) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'start must be before end');
  if (start < nowMs - REPLICATION_WINDOW_MS) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  // Salesforce covers whole minutes: the window ends at the last minute boundary before `end`.
  return [start, Math.floor(Math.min(end, nowMs) / 60_000) * 60_000];
}

function describe(schema: FieldLookup, type: SObjectType) {
  return {
    name: type,
    label: labelOf(type),
    labelPlural: `${labelOf(type)}s`,
    keyPrefix: { Contact: '003', Lead: '00Q', Task: '00T' }[type],
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    replicateable: true,
    custom: false,
    fields: schema.fieldsOf(type).map(describeField),
  };
}
