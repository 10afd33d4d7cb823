import { z } from 'zod';
import type { CallRecord } from './call-store';
import { refuseInvalidProperties, ZPropertyValues, type PropertyProblem } from './contact-input';
import { createValidationError } from './errors';
import type { Portal } from './portal-registry';

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
export const DEFAULT_CALL_PROPERTIES = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];

const ZAssociation = z.object({
  to: z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) }),
  types: z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })).min(1),
});
export const ZCreateCallBody = z.object({ properties: ZPropertyValues, associations: z.array(ZAssociation).default([]) });
export type TCreateCallBody = z.infer<typeof ZCreateCallBody>;

export type CallDraft = { properties: Record<string, string | null>; contactIds: string[] };

/**
 * Checks one call as HubSpot does before creating it: known properties, a valid hs_timestamp,
 * and associations of the call → contact type to live contacts. Throws HubSpot's VALIDATION_ERROR.
 */
export function checkCallInput(portal: Portal, body: TCreateCallBody): CallDraft {
  const properties = validateCallProperties(body.properties, portal.id);
  const contactIds = body.associations.map((association) => {
    const type = association.types.find((candidate) => candidate.associationCategory === 'HUBSPOT_DEFINED' && candidate.associationTypeId === CALL_TO_CONTACT_TYPE_ID);
    if (!type) throw createValidationError(`Invalid association type for calls to ${association.to.id}: use HUBSPOT_DEFINED ${CALL_TO_CONTACT_TYPE_ID} (call to contact).`);
    if (portal.contacts.read(association.to.id)?.archived !== false) {
      throw createValidationError(`One or more associations are invalid: no contact with id ${association.to.id}.`);
    }
    return association.to.id;
  });
  return { properties, contactIds };
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

export function toCallObject(call: CallRecord, names: string[], withContacts: boolean): Record<string, unknown> {
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
