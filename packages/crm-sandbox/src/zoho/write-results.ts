import type { StoredContact } from './contact-fields';
import type { ZohoOrg } from './org';
import { minifiedUser, moduleIdOf } from './org';
import { zohoError } from './zoho-errors';
import type { ZohoErrorBody } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

export type SuccessBody = {
  code: 'SUCCESS';
  duplicate_field?: string | null;
  action?: 'insert' | 'update';
  details: Record<string, unknown>;
  message: string;
  status: 'success';
};
export type RecordResult = SuccessBody | ZohoErrorBody;

export function recordSuccess(org: ZohoOrg, record: { id: string; createdAtMs: number; modifiedAtMs: number }, message: string): SuccessBody {
  const user = minifiedUser(org);
  const offset = org.timeZone.offsetMinutes;
  return {
    code: 'SUCCESS',
    details: {
      Modified_Time: formatZohoTime(record.modifiedAtMs, offset),
      Modified_By: user,
      Created_Time: formatZohoTime(record.createdAtMs, offset),
      id: record.id,
      Created_By: user,
      $approval_state: 'approved',
    },
    message,
    status: 'success',
  };
}

export function duplicateData(org: ZohoOrg, existing: StoredContact, field: string, index: number): ZohoErrorBody {
  return zohoError('DUPLICATE_DATA', 'duplicate data', {
    api_name: field,
    json_path: `$.data[${index}].${field}`,
    duplicate_record: {
      Owner: { name: org.user.name, id: org.user.id, zuid: org.user.zuid },
      module: { api_name: 'Contacts', id: moduleIdOf(org, 'Contacts') },
      id: existing.id,
    },
    more_records: false,
  });
}

/** Zoho answers a batch with one status: all succeeded, some did (207), or none did (400). */
export function batchStatus(results: RecordResult[], allSucceeded: number): number {
  const ok = results.filter((r) => r.status === 'success').length;
  if (ok === results.length) return allSucceeded;
  return ok === 0 ? 400 : 207;
}
