import { Router } from 'express';
import { z } from 'zod';
import type { CallRecord } from '../call-store';
import { parseCrmBody, refuseInvalidProperties, ZPropertyValues, type PropertyProblem } from '../contact-input';
import { parsePropertiesParam } from '../contact-serializer';
import { createNotFoundError, createValidationError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { parseBatch, sendBatch } from './batch-routes';
import { crmContext, pathParam, READ_SCOPE, requireScope, WRITE_SCOPE } from './crm-guards';

/** HubSpot's default association type for a call → contact link. */
export const CALL_TO_CONTACT_TYPE_ID = 194;

const CALL_PROPERTIES = new Set([
  'hs_timestamp',
  'hs_call_title',
  'hs_call_body',
  'hs_call_callee_object_id',
  'hs_call_callee_object_type',
  'hs_call_direction',
  'hs_call_disposition',
  'hs_call_duration',
  'hs_call_from_number',
  'hs_call_to_number',
  'hs_call_recording_url',
  'hs_call_status',
  'hs_activity_type',
  'hs_attachment_ids',
  'hubspot_owner_id',
]);
const DEFAULT_CALL_PROPERTIES = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];

const ZAssociation = z.object({
  to: z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) }),
  types: z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })).min(1),
});
const ZCreateCallBody = z.object({ properties: ZPropertyValues, associations: z.array(ZAssociation).default([]) });
const ZBatchReadBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) })),
  properties: z.array(z.string()).default([]),
});

/** The calls engagement API: log a call against contacts, then read it back (one, or up to 100 by id). */
export function createCallRoutes(state: SandboxState): Router {
  const router = Router();

  // Logging a call writes to the contacts it is associated with, hence the contacts write scope.
  router.post('/crm/v3/objects/calls', requireScope(WRITE_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZCreateCallBody, req.body);
    const properties = validateCallProperties(body.properties, portal.id);
    const contactIds = body.associations.map((association) => {
      const type = association.types.find((candidate) => candidate.associationCategory === 'HUBSPOT_DEFINED' && candidate.associationTypeId === CALL_TO_CONTACT_TYPE_ID);
      if (!type) throw createValidationError(`Invalid association type for calls to ${association.to.id}: use HUBSPOT_DEFINED ${CALL_TO_CONTACT_TYPE_ID} (call to contact).`);
      if (portal.contacts.read(association.to.id)?.archived !== false) {
        throw createValidationError(`One or more associations are invalid: no contact with id ${association.to.id}.`);
      }
      return association.to.id;
    });
    const call = portal.calls.create(properties, contactIds, state.now());
    res.status(201).json(toCallObject(call, [...Object.keys(properties), ...DEFAULT_CALL_PROPERTIES], false));
  });

  router.post('/crm/v3/objects/calls/batch/read', requireScope(READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZBatchReadBody, req.body);
    const found: CallRecord[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const call = portal.calls.read(id);
      if (call) found.push(call);
      else missing.push(id);
    }
    const names = body.properties.length > 0 ? [...body.properties, ...DEFAULT_CALL_PROPERTIES] : DEFAULT_CALL_PROPERTIES.concat('hs_timestamp');
    sendBatch(res, state, startedAt, found.map((call) => toCallObject(call, names, false)), missing, 'get', 'CALL');
  });

  router.get('/crm/v3/objects/calls/:callId', requireScope(READ_SCOPE), (req, res) => {
    const call = crmContext(res).portal.calls.read(pathParam(req, 'callId'));
    if (!call) throw createNotFoundError();
    const requested = parsePropertiesParam(req.query.properties);
    const withContacts = parsePropertiesParam(req.query.associations)?.includes('contacts') === true;
    res.json(toCallObject(call, requested ? [...requested, ...DEFAULT_CALL_PROPERTIES] : DEFAULT_CALL_PROPERTIES.concat('hs_timestamp'), withContacts));
  });

  return router;
}

/** hs_timestamp is required and may be epoch milliseconds or ISO 8601; HubSpot stores it as ISO. */
function validateCallProperties(input: z.infer<typeof ZPropertyValues>, portalId: number): Record<string, string | null> {
  const problems: PropertyProblem[] = [];
  const properties: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (!CALL_PROPERTIES.has(name)) problems.push({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name });
    else properties[name] = raw === null || raw === '' ? null : String(raw);
  }
  const timestamp = properties.hs_timestamp;
  const instant = timestamp == null ? NaN : /^\d+$/.test(timestamp) ? Number(timestamp) : Date.parse(timestamp);
  if (Number.isNaN(instant)) {
    const message = timestamp == null ? 'hs_timestamp is required' : `${timestamp} is not a valid timestamp`;
    problems.push({ isValid: false, message, error: timestamp == null ? 'REQUIRED_PROPERTY' : 'INVALID_DATE', name: 'hs_timestamp' });
  } else {
    properties.hs_timestamp = new Date(instant).toISOString();
  }
  refuseInvalidProperties(problems, portalId);
  return properties;
}

function toCallObject(call: CallRecord, names: string[], withContacts: boolean): Record<string, unknown> {
  const object: Record<string, unknown> = {
    id: call.id,
    properties: Object.fromEntries([...new Set(names)].map((name) => [name, call.properties[name] ?? null])),
    createdAt: new Date(call.createdAt).toISOString(),
    updatedAt: new Date(call.updatedAt).toISOString(),
    archived: false,
  };
  if (withContacts) object.associations = { contacts: { results: call.contactIds.map((id) => ({ id, type: 'call_to_contact' })) } };
  return object;
}
