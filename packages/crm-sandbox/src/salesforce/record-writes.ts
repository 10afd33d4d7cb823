import { SalesforceError } from './errors';
import { normalizeId, typeOfId } from './ids';
import type { RecordRef } from './object-store';
import type { SalesforceOrg } from './org';
import { choicesOf } from './schema';
import type { FieldDef, SObjectType, SRecord } from './schema';
import { isDate, parseDateTime } from './sf-time';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a REST body against the object's fields: names case-insensitive, `attributes` ignored,
 * values of the field's type and length. Returns the patch in canonical names.
 */
export function readFields(org: SalesforceOrg, type: SObjectType, body: Record<string, unknown>, mode: 'create' | 'update'): SRecord {
  const patch: SRecord = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'attributes') continue;
    if (mode === 'update' && name.toLowerCase() === 'id') continue;
    const field = org.schema.findField(type, name);
    if (!field || field.name.includes('.')) throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${type}`, [name]);
    if (!(mode === 'create' ? field.createable : field.updateable)) {
      throw new SalesforceError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field.name]);
    }
    patch[field.name] = checkValue(org, field, value);
  }
  return patch;
}

function checkValue(org: SalesforceOrg, field: FieldDef, value: unknown): SRecord[string] {
  const bad = (message: string, code = 'INVALID_TYPE_ON_FIELD_IN_RECORD') => new SalesforceError(400, code, message, [field.name]);
  if (value === null || value === undefined || value === '') {
    if (field.type === 'boolean') throw bad(`${field.label}: value not of required type: ${String(value)}`);
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw bad(`${field.label}: value not of required type: ${String(value)}`);
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(`${field.label}: value not of required type: ${String(value)}`);
      return value;
    case 'double':
    case 'currency':
    case 'percent': {
      // The REST API takes a number or its text ("12.5"), and keeps the field's scale.
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) throw bad(`${field.label}: value not of required type: ${String(value)}`);
      const factor = 10 ** (field.scale ?? 2);
      return Math.round(number * factor) / factor;
    }
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) throw bad(`${field.label}: value not of required type: ${String(value)}`);
      return value;
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : null;
      if (ms === null) throw bad(`${field.label}: value not of required type: ${String(value)}`);
      return ms;
    }
    case 'picklist':
    case 'multipicklist': {
      if (typeof value !== 'string') throw bad(`${field.label}: value not of required type: ${JSON.stringify(value)}`);
      if (field.restrictedPicklist) {
        const allowed = new Set(choicesOf(field).filter((choice) => choice.active).map((choice) => choice.value));
        const chosen = field.type === 'multipicklist' ? value.split(';') : [value];
        const wrong = chosen.find((choice) => !allowed.has(choice));
        if (wrong !== undefined) throw bad(`${field.label}: bad value for restricted picklist field: ${wrong}`, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
      }
      if (field.length > 0 && value.length > field.length) throw new SalesforceError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`, [field.name]);
      return value;
    }
    case 'reference': {
      const id = typeof value === 'string' ? normalizeId(value) : null;
      if (!id) throw new SalesforceError(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(value)}`, [field.name]);
      if (field.name === 'WhoId' && !liveRecordExists(org, id)) throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
      return id;
    }
    default: {
      if (typeof value !== 'string') throw bad(`${field.label}: value not of required type: ${JSON.stringify(value)}`);
      if (field.length > 0 && value.length > field.length) throw new SalesforceError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`, [field.name]);
      if (field.type === 'email' && !EMAIL.test(value)) throw new SalesforceError(400, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [field.name]);
      return value;
    }
  }
}

/** Whether a live Contact or Lead of this org has the id (WhoId's targets). */
export function liveRecordExists(org: SalesforceOrg, id: string): boolean {
  const type = typeOfId(id);
  if (type !== 'Contact' && type !== 'Lead') return false;
  const store = org.stores[type];
  const ref = store.refOf(id);
  return ref !== null && !store.isDeleted(ref);
}

const DEFAULTS: Record<SObjectType, SRecord> = {
  Contact: { DoNotCall: false, HasOptedOutOfEmail: false },
  Lead: { Status: 'Open - Not Contacted', DoNotCall: false, HasOptedOutOfEmail: false, IsConverted: false, ConvertedContactId: null, ConvertedDate: null },
  Task: { Status: 'Not Started', TaskSubtype: 'Task' },
};

/** A full new record: nulls for fields not given, the object's defaults, the org's first user as owner. */
export function completeNewRecord(org: SalesforceOrg, type: SObjectType, patch: SRecord): SRecord {
  const record: SRecord = {};
  const fields = org.schema.fieldsOf(type);
  for (const field of fields) if (!field.compute) record[field.name] = null;
  if (type === 'Contact') record['Account.Name'] = null;
  Object.assign(record, DEFAULTS[type], { OwnerId: org.users[0]!.id }, patch);
  const missing = fields.filter((field) => field.required && (record[field.name] === null || record[field.name] === undefined)).map((field) => field.name);
  if (missing.length > 0) throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  return record;
}

/** The live record of this type holding this email (case-insensitive), if any: Salesforce's standard duplicate rule. */
export function findDuplicateByEmail(org: SalesforceOrg, type: SObjectType, email: string): string | null {
  if (type === 'Task') return null;
  const wanted = email.toLowerCase();
  const store = org.stores[type];
  for (const ref of store.refs()) {
    const record = store.scanRow(ref, false);
    if (!record.IsDeleted && typeof record.Email === 'string' && record.Email.toLowerCase() === wanted) return record.Id as string;
  }
  return null;
}

export function duplicatesDetected(type: SObjectType, matchId: string): SalesforceError {
  return new SalesforceError(400, 'DUPLICATES_DETECTED', 'Use one of these records?', [], {
    duplicateResult: {
      allowSave: false,
      duplicateRule: `Standard_${type}_Duplicate_Rule`,
      duplicateRuleEntityType: type,
      errorMessage: 'Use one of these records?',
      matchResults: [{ entityType: type, errors: [], matchEngine: 'ExactMatchEngine', matchRecords: [{ additionalInformation: [], fieldDiffs: [], matchConfidence: 100, record: { attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${matchId}` }, Id: matchId } }], rule: `Standard_Rule_for_${type}s`, size: 1, success: true }],
    },
  });
}

/** Creates a record after every check; `stamp` lets records written together share one SystemModstamp. */
export function createRecord(org: SalesforceOrg, type: SObjectType, body: Record<string, unknown>, stamp: number): SRecord {
  const record = completeNewRecord(org, type, readFields(org, type, body, 'create'));
  if (typeof record.Email === 'string') {
    const duplicate = findDuplicateByEmail(org, type, record.Email);
    if (duplicate) throw duplicatesDetected(type, duplicate);
  }
  return org.stores[type].insert(record, stamp).record;
}

/**
 * The live record with this id. Reading a deleted one is NOT_FOUND, as in Salesforce; changing
 * or deleting it again is ENTITY_IS_DELETED.
 */
export function findLiveRef(org: SalesforceOrg, type: SObjectType, id: string, purpose: 'read' | 'write' = 'write'): RecordRef {
  const store = org.stores[type];
  const ref = store.refOf(id);
  if (ref === null) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (store.isDeleted(ref)) {
    throw purpose === 'read' ? new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist') : new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  }
  return ref;
}

export function updateRecord(org: SalesforceOrg, type: SObjectType, id: string, body: Record<string, unknown>, stamp: number): SRecord {
  const ref = findLiveRef(org, type, id);
  const patch = readFields(org, type, body, 'update');
  const missing = org.schema.fieldsOf(type).filter((field) => field.required && field.name in patch && patch[field.name] === null).map((field) => field.name);
  if (missing.length > 0) throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  return org.stores[type].update(ref, patch, stamp);
}

export function deleteRecord(org: SalesforceOrg, type: SObjectType, id: string, stamp: number): void {
  const ref = findLiveRef(org, type, id);
  org.stores[type].remove(ref, stamp);
}
