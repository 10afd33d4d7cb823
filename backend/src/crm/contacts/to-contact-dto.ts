import { createHash } from 'node:crypto';
import type { TContact } from '@voiceagent/shared';
import { toStandardFieldValues } from '../fields/standard-field-values';
import type { ContactRow } from './contacts-repository';

/** The API's shape of a stored contact. */
export function toContactDto(row: ContactRow, userId: string): TContact {
  const fullName = [row.first_name, row.last_name].filter((part) => part?.trim()).join(' ');
  return {
    id: row.id,
    platform: row.platform,
    objectType: row.object_type,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    fullName: fullName || null,
    email: row.email,
    phone: row.phone,
    phoneE164: row.phone_e164,
    mobilePhone: row.mobile_phone,
    mobilePhoneE164: row.mobile_phone_e164,
    isCallable: row.phone_e164 !== null || row.mobile_phone_e164 !== null,
    notCallableReason: row.not_callable_reason,
    company: row.company,
    jobTitle: row.job_title,
    lifecycleStage: row.lifecycle_stage,
    leadStatus: row.lead_status,
    crmUpdatedAt: row.crm_updated_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    duplicateGroup: row.duplicate_key === null ? null : toDuplicateGroup(userId, row.duplicate_key),
    standardFields: toStandardFieldValues(row),
    customFields: row.custom_fields,
    fieldIssues: row.field_issues,
  };
}

/**
 * Every contact sharing the key gets the same id, on any page, in any order. Hashed with the
 * user so the id neither reveals the email or number nor matches another user's id.
 */
function toDuplicateGroup(userId: string, key: string): string {
  return `dup_${createHash('sha256').update(`${userId}\n${key}`).digest('base64url').slice(0, 22)}`;
}
