import { Router } from 'express';
import { z } from 'zod';
import { checkCallInput, DEFAULT_CALL_PROPERTIES, toCallObject, ZCreateCallBody, type CallDraft } from '../call-input';
import { parseCrmBody } from '../contact-input';
import { createCrmError, createValidationError, HubSpotError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { parseBatch } from './batch-routes';
import { crmContext, READ_SCOPE, requireScope, WRITE_SCOPE } from './crm-guards';

const ZBatchCreateBody = z.object({ inputs: z.array(ZCreateCallBody.extend({ objectWriteTraceId: z.string().min(1).optional() })) });
const ZAssociationReadBody = z.object({ inputs: z.array(z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), after: z.string().optional() })) });

/** HubSpot's v4 batch association reads take up to 1,000 ids and page each one's associations by 500. */
const MAX_ASSOCIATION_INPUTS = 1000;
const ASSOCIATIONS_PAGE = 500;
/** Default association types: contact → call and call → contact. */
const TYPE_IDS: Record<string, number> = { 'contacts:calls': 193, 'calls:contacts': 194 };

type BatchError = { status: 'error'; category: string; message: string; context: Record<string, string[]>; errors: unknown[]; links: Record<string, never>; subCategory?: string };

/** Batch create of calls with their associations, and the v4 batch read of contact ↔ call associations. */
export function createCallBatchRoutes(state: SandboxState): Router {
  const router = Router();

  /**
   * Up to 100 calls. When every input carries an objectWriteTraceId, HubSpot answers per record
   * (multi-status): the valid ones are created, each refused one is listed under `errors` with its
   * trace id in `context`, and the status is 207. Without trace ids one bad input refuses the
   * whole batch (400) and nothing is created.
   */
  router.post('/crm/v3/objects/calls/batch/create', requireScope(WRITE_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZBatchCreateBody, req.body);
    const isMultiStatus = body.inputs.every((input) => input.objectWriteTraceId !== undefined);
    const verdicts = body.inputs.map((input): CallDraft | HubSpotError => {
      if (state.faults.failsRecord(req.path, input)) return createCrmError(500, 'INTERNAL_ERROR', 'internal error');
      try {
        return checkCallInput(portal, input);
      } catch (error) {
        if (error instanceof HubSpotError) return error;
        throw error;
      }
    });
    const firstRefusal = verdicts.find((verdict) => verdict instanceof HubSpotError);
    if (!isMultiStatus && firstRefusal) throw firstRefusal;

    const results: unknown[] = [];
    const errors: BatchError[] = [];
    verdicts.forEach((verdict, position) => {
      const traceId = body.inputs[position]!.objectWriteTraceId;
      if (verdict instanceof HubSpotError) {
        const { category, message } = verdict.body as { category: string; message: string };
        errors.push({ status: 'error', category, message, context: { objectWriteTraceId: [traceId!] }, errors: [], links: {} });
        return;
      }
      const call = portal.calls.create(verdict.properties, verdict.contactIds, state.now());
      const object = toCallObject(call, [...Object.keys(verdict.properties), ...DEFAULT_CALL_PROPERTIES], false);
      results.push(traceId === undefined ? object : { ...object, objectWriteTraceId: traceId });
    });
    const answer: Record<string, unknown> = { status: 'COMPLETE', results };
    if (errors.length > 0) Object.assign(answer, { numErrors: errors.length, errors });
    res.status(errors.length > 0 ? 207 : 201).json({ ...answer, startedAt, completedAt: new Date(state.now()).toISOString() });
  });

  /**
   * The ids associated with each input, `to` paged by 500 (`after`). An input with nothing
   * associated (or no such record) is an error of the batch, which then answers 207.
   */
  router.post('/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', requireScope(READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const from = String(req.params.fromObjectType).toLowerCase();
    const to = String(req.params.toObjectType).toLowerCase();
    const typeId = TYPE_IDS[`${from}:${to}`];
    if (typeId === undefined) throw createValidationError(`The sandbox reads associations between contacts and calls only, not ${from} → ${to}.`);
    const body = parseCrmBody(ZAssociationReadBody, req.body);
    if (body.inputs.length > MAX_ASSOCIATION_INPUTS) throw createValidationError(`Too many inputs: ${body.inputs.length}. A batch takes at most ${MAX_ASSOCIATION_INPUTS} inputs.`);

    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const ids = from === 'contacts' ? (portal.contacts.read(input.id)?.archived === false ? portal.calls.idsForContact(input.id) : []) : (portal.calls.read(input.id)?.contactIds ?? []);
      const offset = input.after === undefined ? 0 : Number(input.after);
      if (!Number.isInteger(offset) || offset < 0) throw createValidationError(`Invalid after: ${input.after}`);
      if (ids.length === 0) {
        missing.push(input.id);
        continue;
      }
      const page = ids.slice(offset, offset + ASSOCIATIONS_PAGE);
      const result: Record<string, unknown> = {
        from: { id: input.id },
        to: page.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
      };
      if (offset + ASSOCIATIONS_PAGE < ids.length) result.paging = { next: { after: String(offset + ASSOCIATIONS_PAGE) } };
      results.push(result);
    }
    const answer: Record<string, unknown> = { status: 'COMPLETE', results };
    if (missing.length > 0) {
      answer.numErrors = missing.length;
      answer.errors = missing.map(
        (id): BatchError => ({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${to} is associated with ${from} ${id}.`,
          context: { fromObjectId: [id] },
          errors: [],
          links: {},
        }),
      );
    }
    res.status(missing.length > 0 ? 207 : 200).json({ ...answer, startedAt, completedAt: new Date(state.now()).toISOString() });
  });

  return router;
}
