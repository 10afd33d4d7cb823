import type { PoolClient } from 'pg';
import type { TContactObjectType, TCrmFieldOption, TCrmFieldType, TCustomFieldValue, TPlatform } from '@voiceagent/shared';

/**
 * What prompts read of a user's contacts and field mappings. Its own queries rather than the
 * contacts repository's: a prompt needs the fields it can speak, not a contact as lists show it.
 * Every statement names the user, so it runs the same under withUser (RLS) and withService.
 */

export type CustomMappingRow = {
  platform: TPlatform;
  object_type: TContactObjectType;
  target_key: string;
  label: string;
  field_type: TCrmFieldType;
  options: TCrmFieldOption[];
};

/** A contact's fields that prompts can speak; every one null when the synced contact is gone. */
export type PromptContactRow = {
  id: string | null;
  platform: TPlatform;
  object_type: TContactObjectType;
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  lead_status: string | null;
  lifecycle_stage: string | null;
  custom_fields: Record<string, TCustomFieldValue>;
  time_zone: string | null;
  preferred_language: string | null;
  do_not_call: boolean | null;
  call_consent: boolean | null;
  preferred_call_time: string | null;
  account_owner: string | null;
};

export type CampaignContactPromptRow = PromptContactRow & {
  campaign_contact_id: string;
  /** The snapshot's full name, read only once the synced contact is gone. */
  snapshot_name: string | null;
  greeting: string | null;
  instructions: string | null;
};

/** The custom keys the user's mappings define, on any connection and object. */
export async function listCustomKeys(db: PoolClient, userId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ target_key: string }>(
    `select distinct target_key from public.crm_field_mappings where user_id = $1 and target_kind = 'custom'`,
    [userId],
  );
  return new Set(rows.map((row) => row.target_key));
}

/** The user's custom-field mappings by key, then platform and object; narrowed to one connection's object when given. */
export async function listCustomMappings(
  db: PoolClient,
  userId: string,
  only?: { platform: TPlatform; objectType: TContactObjectType },
): Promise<CustomMappingRow[]> {
  const { rows } = await db.query<CustomMappingRow>(
    `select platform, object_type, target_key, label, field_type, options
     from public.crm_field_mappings
     where user_id = $1 and target_kind = 'custom'
       and ($2::text is null or (platform = $2 and object_type = $3))
     order by target_key, platform, object_type`,
    [userId, only?.platform ?? null, only?.objectType ?? null],
  );
  return rows;
}

// The number a prompt speaks of: the phone as normalised, else the mobile, else as the CRM wrote them.
const CONTACT_COLUMNS = `c.id, c.platform, c.object_type, c.external_id, c.first_name, c.last_name, c.email,
  coalesce(c.phone_e164, c.mobile_phone_e164, c.phone, c.mobile_phone) as phone, c.company, c.job_title, c.lead_status,
  c.lifecycle_stage, c.custom_fields, c.time_zone, c.preferred_language, c.do_not_call, c.call_consent,
  c.preferred_call_time, c.account_owner`;

/** One of the user's live (not deleted) contacts. */
export async function findPromptContact(db: PoolClient, userId: string, contactId: string): Promise<PromptContactRow | undefined> {
  const { rows } = await db.query<PromptContactRow>(
    `select ${CONTACT_COLUMNS} from public.crm_contacts c where c.user_id = $1 and c.id = $2 and c.deleted_at is null`,
    [userId, contactId],
  );
  return rows[0];
}

/**
 * A contact of one of the user's campaigns with the campaign's agent's prompts: the synced
 * contact as it is now (deleted in the CRM since, too), or, once it is gone, the snapshot's
 * name, email, company and number.
 */
export async function findCampaignContactForPrompt(
  db: PoolClient,
  userId: string,
  target: { campaignId: string; campaignContactId: string },
): Promise<CampaignContactPromptRow | undefined> {
  const rows = await findCampaignContactsForPrompt(db, userId, { campaignId: target.campaignId, campaignContactIds: [target.campaignContactId] });
  return rows[0];
}

/** findCampaignContactForPrompt for several contacts of one campaign at once (the leases of one request). */
export async function findCampaignContactsForPrompt(
  db: PoolClient,
  userId: string,
  target: { campaignId: string; campaignContactIds: string[] },
): Promise<CampaignContactPromptRow[]> {
  const { rows } = await db.query<CampaignContactPromptRow>(
    `select cc.id as campaign_contact_id, a.greeting, a.instructions,
            c.id, cc.platform, coalesce(c.object_type, 'contact') as object_type, cc.external_id,
            case when c.id is null then cc.name end as snapshot_name, c.first_name, c.last_name, coalesce(c.email, cc.email) as email,
            coalesce(c.phone_e164, c.mobile_phone_e164, c.phone, c.mobile_phone, cc.phone_e164) as phone,
            coalesce(c.company, cc.company) as company, c.job_title, c.lead_status, c.lifecycle_stage,
            coalesce(c.custom_fields, '{}'::jsonb) as custom_fields, c.time_zone, c.preferred_language, c.do_not_call,
            c.call_consent, c.preferred_call_time, c.account_owner
     from public.campaign_contacts cc
     join public.campaigns k on k.id = cc.campaign_id and k.user_id = cc.user_id
     join public.agents a on a.id = k.agent_id and a.user_id = k.user_id
     left join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
     where cc.user_id = $1 and cc.campaign_id = $2 and cc.id = any($3::uuid[])`,
    [userId, target.campaignId, target.campaignContactIds],
  );
  return rows;
}
