import { PLATFORMS, type TAgent, type TAgentContact, type TAgentContactCounts, type TPlatform } from '@voiceagent/shared';
import type { AgentContactRow, AgentRow } from './agents-repository';

/** The API's shape of a stored agent. */
export function toAgentDto(row: AgentRow): TAgent {
  return {
    id: row.id,
    name: row.name,
    voice: row.voice,
    greeting: row.greeting ?? '',
    instructions: row.instructions ?? '',
    contactSource: row.contact_source,
    contactCount: row.contact_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toAgentContactDto(row: AgentContactRow): TAgentContact {
  return {
    id: row.id,
    crmContactId: row.crm_contact_id,
    platform: row.platform,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    fullName: row.full_name,
    email: row.email,
    phoneE164: row.phone_e164,
    company: row.company,
    createdAt: row.created_at.toISOString(),
  };
}

/** Every platform named, with 0 where the agent has none. */
export function toContactCounts(counts: Partial<Record<TPlatform, number>>): TAgentContactCounts {
  const byPlatform = Object.fromEntries(PLATFORMS.map((platform) => [platform, counts[platform] ?? 0])) as Record<TPlatform, number>;
  const total = PLATFORMS.reduce((sum, platform) => sum + byPlatform[platform], 0);
  return { byPlatform, total };
}
