import { AppError } from '../../../http/app-error';
import type { MappedFieldNames } from '../../crm-records';
import { SALESFORCE_FIELDS, type SalesforceObject } from './salesforce-mapping';

/** An API name as SOQL takes it (`Renewal_Date__c`, `Owner.Email`): anything else would be query syntax, not a field. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * The fields a read of this object selects: the standard ones the sync maps, then the connection's
 * mapped fields of that object (Contact takes `contact`, Lead `lead`), each once whatever its
 * case, since SOQL refuses a field selected twice.
 */
export function selectedFields(object: SalesforceObject, mapped: MappedFieldNames | undefined): readonly string[] {
  const standard = SALESFORCE_FIELDS[object];
  const extra = object === 'Lead' ? mapped?.lead : mapped?.contact;
  if (!extra || extra.length === 0) return standard;
  const seen = new Set(standard.map((name) => name.toLowerCase()));
  const fields = [...standard];
  for (const name of extra) {
    if (!FIELD_NAME.test(name)) throw new AppError('validation_failed', `"${name}" is not a Salesforce field name`, { platform: 'salesforce', field: name });
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    fields.push(name);
  }
  return fields;
}
