import { CONTACT_EXPORT_STANDARD_COLUMNS, type TContactExportStandardColumn, type TFilterField } from '@voiceagent/shared';
import type { SqlParams } from '../../../db/sql-params';
import { AppError } from '../../../http/app-error';

/** A column of the export as SQL on `public.crm_contacts c`, with its header. */
export type ExportColumn = { header: string; sql: string; isPhone: boolean };

// The contact's name as the contacts API joins fullName: blank parts left out.
const FULL_NAME = `nullif(concat_ws(' ', case when btrim(c.first_name) <> '' then c.first_name end,
  case when btrim(c.last_name) <> '' then c.last_name end), '')`;

const STANDARD_SQL: Record<TContactExportStandardColumn, string> = {
  name: FULL_NAME,
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  email: 'c.email',
  phone: 'c.phone',
  mobilePhone: 'c.mobile_phone',
  phoneE164: 'c.phone_e164',
  mobilePhoneE164: 'c.mobile_phone_e164',
  company: 'c.company',
  jobTitle: 'c.job_title',
  platform: 'c.platform',
  objectType: 'c.object_type',
  lifecycleStage: 'c.lifecycle_stage',
  leadStatus: 'c.lead_status',
  ownerId: 'c.owner_id',
  isCallable: '(c.phone_e164 is not null or c.mobile_phone_e164 is not null)',
  crmCreatedAt: 'c.crm_created_at',
  crmUpdatedAt: 'c.crm_updated_at',
  externalId: 'c.external_id',
  id: 'c.id',
  deletedAt: 'c.deleted_at',
  timeZone: 'c.time_zone',
  preferredLanguage: 'c.preferred_language',
  doNotCall: 'c.do_not_call',
  callConsent: 'c.call_consent',
  preferredCallTime: 'c.preferred_call_time',
  accountOwner: 'c.account_owner',
};

const PHONE_COLUMNS = new Set<string>(['phone', 'mobilePhone', 'phoneE164', 'mobilePhoneE164']);

/**
 * The requested columns (already known to be standard ids or `custom.<key>` by the contract) as
 * SQL, against the custom fields the user has mapped now: an unmapped key is a 400 naming it. A
 * custom column is headed by its CRM label, with its id added where a standard column has that
 * label already.
 */
export function resolveExportColumns(ids: readonly string[], fields: readonly TFilterField[], params: SqlParams): ExportColumn[] {
  const custom = new Map(fields.filter((field) => field.isCustom).map((field) => [field.field, field.label]));
  const unmapped = ids.filter((id) => id.startsWith('custom.') && !custom.has(id));
  if (unmapped.length > 0) {
    const message = `No mapped custom field ${unmapped.map((id) => JSON.stringify(id)).join(', ')}`;
    throw new AppError('validation_failed', `Invalid columns: ${message}`, { issues: [{ field: 'columns', message }] });
  }
  const standardLabels = new Set<string>(Object.values(CONTACT_EXPORT_STANDARD_COLUMNS).map((column) => column.label));
  return ids.map((id) => {
    const label = custom.get(id);
    if (label === undefined) {
      const column = id as TContactExportStandardColumn;
      return { header: CONTACT_EXPORT_STANDARD_COLUMNS[column].label, sql: STANDARD_SQL[column], isPhone: PHONE_COLUMNS.has(id) };
    }
    const key = id.slice('custom.'.length);
    const header = label === '' || standardLabels.has(label) ? `${label || key} (${id})` : label;
    return { header, sql: `(c.custom_fields -> ${params.add(key)}::text)`, isPhone: false };
  });
}
