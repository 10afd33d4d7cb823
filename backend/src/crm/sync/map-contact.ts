import type { TContactObjectType } from '@voiceagent/shared';
import type { CrmContactRecord } from '../crm-service';
import { applyFieldPlan, EMPTY_FIELD_PLAN, type FieldPlan, type MappedFieldColumns } from '../fields/field-plan';
import { normalizePhone } from './phone-normalizer';

/** A contact as one row of the page upsert (crm_contacts columns; dates as ISO strings for JSON). */
export type ContactRow = {
  external_id: string;
  object_type: TContactObjectType;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  mobile_phone: string | null;
  mobile_phone_e164: string | null;
  company: string | null;
  job_title: string | null;
  lifecycle_stage: string | null;
  lead_status: string | null;
  owner_id: string | null;
  raw_properties: Record<string, unknown>;
  crm_created_at: string | null;
  crm_updated_at: string | null;
} & MappedFieldColumns;

export type MappedPage = {
  rows: ContactRow[];
  /** Records without an id: nothing to key them on, so they are counted and skipped. */
  failed: number;
};

/**
 * Maps a provider page to rows, with the connection's mapped fields typed by `plan`. A record listed twice in one page keeps its last version: one
 * upsert statement may not touch the same row twice.
 */
export function mapContacts(records: readonly CrmContactRecord[], defaultRegions: ReadonlyArray<string | null>, plan: FieldPlan = EMPTY_FIELD_PLAN): MappedPage {
  const byId = new Map<string, ContactRow>();
  let failed = 0;
  for (const record of records) {
    const externalId = record.externalId?.trim();
    if (!externalId) {
      failed += 1;
      continue;
    }
    const regions = [record.country, ...defaultRegions];
    byId.set(externalId, {
      external_id: externalId,
      object_type: record.objectType ?? 'contact',
      first_name: record.firstName,
      last_name: record.lastName,
      email: record.email?.toLowerCase() ?? null,
      phone: record.phone,
      phone_e164: normalizePhone(record.phone, regions),
      mobile_phone: record.mobilePhone,
      mobile_phone_e164: normalizePhone(record.mobilePhone, regions),
      company: record.company,
      job_title: record.jobTitle,
      lifecycle_stage: record.lifecycleStage,
      lead_status: record.leadStatus,
      owner_id: record.ownerId,
      raw_properties: record.rawProperties,
      crm_created_at: record.crmCreatedAt?.toISOString() ?? null,
      crm_updated_at: record.crmUpdatedAt?.toISOString() ?? null,
      ...applyFieldPlan(record, plan),
    });
  }
  return { rows: [...byId.values()], failed };
}

