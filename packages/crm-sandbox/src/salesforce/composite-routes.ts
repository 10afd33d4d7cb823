import express from 'express';
import type { Router } from 'express';
import { SalesforceError } from './errors';
import { nextStamp } from './org';
import type { SalesforceOrg } from './org';
import { normalizeId, typeOfId } from './ids';
import { completeNewRecord, duplicatesDetected, findDuplicateByEmail, findLiveRef, readFields } from './record-writes';
import { handle, localsOf } from './rest-support';
import type { SalesforceSandboxState } from './sandbox-state';
import { findType } from './schema';
import type { SObjectType, SRecord } from './schema';
import { lockError } from './sobject-routes';

const MAX_RECORDS = 200;

type Outcome = { ok: true; apply: () => string } | { ok: false; error: SalesforceError };
type ResultEntry = { id?: string; success: boolean; errors: Array<{ statusCode: string; message: string; fields: string[]; [extra: string]: unknown }> };

/**
 * sObject Collections: POST creates, PATCH updates and DELETE deletes up to 200 records of mixed
 * types, one result per record in order. Every record is checked before any is written, so allOrNone can
 * roll the whole request back; records written together share one SystemModstamp.
 */
export function compositeRoutes(state: SalesforceSandboxState, failsRecord: (org: SalesforceOrg, path: string, record: unknown) => boolean): Router {
  const router = express.Router({ mergeParams: true });

  const collection = (mode: 'create' | 'update') =>
    handle((req, res) => {
      const { org } = localsOf(res);
      const body = req.body as { allOrNone?: unknown; records?: unknown } | undefined;
      if (!body || !Array.isArray(body.records)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'records is required and must be an array');
      if (body.records.length > MAX_RECORDS) throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
      const allOrNone = body.allOrNone === true;
      const stamp = nextStamp(org, state.now());
      const seenEmails = new Set<string>();
      const outcomes = (body.records as unknown[]).map((raw): Outcome => {
        try {
          if (failsRecord(org, req.originalUrl.split('?')[0]!, raw)) throw lockError();
          return check(org, raw, mode, stamp, seenEmails);
        } catch (error) {
          if (error instanceof SalesforceError) return { ok: false, error };
          throw error;
        }
      });
      const anyFailed = outcomes.some((outcome) => !outcome.ok);
      const results: ResultEntry[] = outcomes.map((outcome) => {
        // A SaveResult's error keeps its type's own fields: a DuplicateError its duplicateResult, naming the record that exists.
        if (!outcome.ok) return { success: false, errors: [{ statusCode: outcome.error.errorCode, message: outcome.error.message, fields: outcome.error.fields, ...outcome.error.extra }] };
        if (allOrNone && anyFailed) {
          return { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] };
        }
        return { id: outcome.apply(), success: true, errors: [] };
      });
      res.json(results);
    });

  router.post('/composite/sobjects', collection('create'));
  router.patch('/composite/sobjects', collection('update'));

  // DELETE ?ids=a,b&allOrNone=false: up to 200 records of any types, one result per id in order.
  router.delete(
    '/composite/sobjects',
    handle((req, res) => {
      const { org } = localsOf(res);
      const ids = (typeof req.query.ids === 'string' ? req.query.ids : '').split(',').map((id) => id.trim()).filter((id) => id !== '');
      if (ids.length === 0) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'ids is required');
      if (ids.length > MAX_RECORDS) throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
      const allOrNone = req.query.allOrNone === 'true';
      const stamp = nextStamp(org, state.now());
      const path = req.originalUrl.split('?')[0]!;
      const outcomes = ids.map((raw): Outcome => {
        try {
          const id = normalizeId(raw);
          const typeName = id ? typeOfId(id) : null;
          const type: SObjectType | undefined = typeName ? findType(typeName) : undefined;
          if (!id || !type) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${raw}`);
          if (failsRecord(org, path, { Id: id })) throw lockError(id);
          const ref = findLiveRef(org, type, id);
          return { ok: true, apply: () => (org.stores[type].remove(ref, stamp), id) };
        } catch (error) {
          if (error instanceof SalesforceError) return { ok: false, error };
          throw error;
        }
      });
      const anyFailed = outcomes.some((outcome) => !outcome.ok);
      res.json(
        outcomes.map((outcome, i): ResultEntry => {
          if (!outcome.ok) return { id: ids[i], success: false, errors: [{ statusCode: outcome.error.errorCode, message: outcome.error.message, fields: outcome.error.fields }] };
          if (allOrNone && anyFailed) {
            return { id: ids[i], success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] };
          }
          return { id: outcome.apply(), success: true, errors: [] };
        }),
      );
    }),
  );
  return router;
}

function check(org: SalesforceOrg, raw: unknown, mode: 'create' | 'update', stamp: number, seenEmails: Set<string>): Outcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Each record must be a JSON object');
  const record = raw as Record<string, unknown>;
  const typeName = (record.attributes as { type?: unknown } | undefined)?.type;
  const type: SObjectType | undefined = typeof typeName === 'string' ? findType(typeName) : undefined;
  if (!type) throw new SalesforceError(400, 'INVALID_TYPE', typeof typeName === 'string' ? `sObject type '${typeName}' is not supported.` : 'No SObject Type defined in the attributes of the record', []);
  const store = org.stores[type];
  if (mode === 'update') {
    const id = Object.entries(record).find(([key]) => key.toLowerCase() === 'id')?.[1];
    if (typeof id !== 'string') throw new SalesforceError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
    const ref = findLiveRef(org, type, id);
    const patch = readFields(org, type, record, 'update');
    const missing = org.schema.fieldsOf(type).filter((field) => field.required && field.name in patch && patch[field.name] === null).map((field) => field.name);
    if (missing.length > 0) throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    return { ok: true, apply: () => store.update(ref, patch, stamp).Id as string };
  }
  const complete: SRecord = completeNewRecord(org, type, readFields(org, type, record, 'create'));
  if (typeof complete.Email === 'string') {
    const key = `${type}:${complete.Email.toLowerCase()}`;
    const duplicate = findDuplicateByEmail(org, type, complete.Email);
    if (duplicate) throw duplicatesDetected(type, duplicate);
    if (seenEmails.has(key)) throw new SalesforceError(400, 'DUPLICATE_VALUE', 'duplicate value found: Email duplicates value on another record in this request', ['Email']);
    seenEmails.add(key);
  }
  return { ok: true, apply: () => store.insert(complete, stamp).record.Id as string };
}
