import { Router, type Response } from 'express';
import { z } from 'zod';
import { parseCrmBody, validatePropertyWrites, ZPropertyValues } from '../contact-input';
import { toSimplePublicObject } from '../contact-serializer';
import { createContacts, MAX_BATCH_INPUTS, readContacts, updateContacts, upsertContacts } from '../contact-service';
import { createValidationError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { crmContext, READ_SCOPE, requireScope, WRITE_SCOPE } from './crm-guards';

const ZId = z.union([z.string().min(1), z.number()]).transform(String);
const ZReadBody = z.object({
  inputs: z.array(z.object({ id: ZId })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});
const ZCreateBody = z.object({ inputs: z.array(z.object({ properties: ZPropertyValues, associations: z.array(z.unknown()).optional() })) });
const ZUpdateBody = z.object({ inputs: z.array(z.object({ id: ZId, idProperty: z.string().optional(), properties: ZPropertyValues })) });
const ZArchiveBody = z.object({ inputs: z.array(z.object({ id: ZId })) });

/** The four contact batch endpoints plus batch archive, each taking at most 100 inputs. */
export function createBatchRoutes(state: SandboxState): Router {
  const router = Router();

  router.post('/crm/v3/objects/contacts/batch/read', requireScope(READ_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZReadBody, req.body);
    const { records, missing } = await readContacts(portal, body.inputs.map((input) => input.id), body.idProperty, req.query.archived === 'true');
    const properties = body.properties.length > 0 ? body.properties : undefined;
    sendBatch(res, state, startedAt, records.map((record) => toSimplePublicObject(record, properties, portal.fields)), missing, 'get');
  });

  router.post('/crm/v3/objects/contacts/batch/create', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZCreateBody, req.body);
    const inputs = body.inputs.map((input) => validatePropertyWrites(input.properties, portal));
    const records = await createContacts(portal, inputs, state.now());
    res.status(201);
    sendBatch(res, state, startedAt, records.map((record, position) => toSimplePublicObject(record, Object.keys(body.inputs[position]!.properties), portal.fields)), [], 'create');
  });

  router.post('/crm/v3/objects/contacts/batch/update', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZUpdateBody, req.body);
    const inputs = body.inputs.map((input) => ({ ...input, properties: validatePropertyWrites(input.properties, portal) }));
    const { records, missing } = await updateContacts(portal, inputs, state.now());
    const requested = [...new Set(body.inputs.flatMap((input) => Object.keys(input.properties)))];
    sendBatch(res, state, startedAt, records.map((record) => toSimplePublicObject(record, requested, portal.fields)), missing, 'update');
  });

  router.post('/crm/v3/objects/contacts/batch/upsert', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZUpdateBody, req.body);
    const inputs = body.inputs.map((input) => ({ ...input, properties: validatePropertyWrites(input.properties, portal) }));
    const outcomes = await upsertContacts(portal, inputs, state.now());
    // The id property (email) is part of what an upsert wrote, so it comes back too.
    const requested = [...new Set(body.inputs.flatMap((input) => [...Object.keys(input.properties), ...(input.idProperty ? [input.idProperty] : [])]))];
    const results = outcomes.map(({ record, created }) => ({ ...toSimplePublicObject(record, requested, portal.fields), new: created }));
    sendBatch(res, state, startedAt, results, [], 'upsert');
  });

  router.post('/crm/v3/objects/contacts/batch/archive', requireScope(WRITE_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    for (const input of parseBatch(ZArchiveBody, req.body).inputs) portal.contacts.archive(input.id, state.now());
    res.status(204).end();
  });

  return router;
}

export function parseBatch<T extends { inputs: unknown[] }>(schema: z.ZodType<T>, raw: unknown): T {
  const body = parseCrmBody(schema, raw);
  if (body.inputs.length > MAX_BATCH_INPUTS) {
    throw createValidationError(`Too many inputs: ${body.inputs.length}. A batch takes at most ${MAX_BATCH_INPUTS} inputs.`);
  }
  return body;
}

/**
 * HubSpot's batch response. Inputs that name no contact do not fail the batch: the response
 * turns 207 Multi-Status and lists them under `errors` with category OBJECT_NOT_FOUND.
 */
export function sendBatch(res: Response, state: SandboxState, startedAt: string, results: unknown[], missing: string[], verb: string, objectType = 'CONTACT'): void {
  const body: Record<string, unknown> = { status: 'COMPLETE', results };
  if (missing.length > 0) {
    res.status(207);
    body.numErrors = 1;
    body.errors = [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: `Could not ${verb} some ${objectType} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
        errors: [],
        links: {},
      },
    ];
  }
  body.startedAt = startedAt;
  body.completedAt = new Date(state.now()).toISOString();
  res.json(body);
}
