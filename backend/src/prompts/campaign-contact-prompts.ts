import type { PoolClient } from 'pg';
import type { TRenderedPrompt } from '@voiceagent/shared';
import * as repo from './prompt-fields-repository';
import { readPromptContact, renderPrompts } from './prompt-values';

/**
 * The campaign's agent's greeting and instructions rendered for each of `campaignContactIds`, as
 * the contact context endpoint renders them; by campaign contact id. Mappings are read once per
 * connection object, not per contact.
 */
export async function renderCampaignContactPrompts(
  db: PoolClient,
  userId: string,
  target: { campaignId: string; campaignContactIds: string[] },
): Promise<Map<string, TRenderedPrompt>> {
  const rendered = new Map<string, TRenderedPrompt>();
  if (target.campaignContactIds.length === 0) return rendered;
  const rows = await repo.findCampaignContactsForPrompt(db, userId, target);
  const mappings = new Map<string, Promise<repo.CustomMappingRow[]>>();
  for (const row of rows) {
    const key = `${row.platform}/${row.object_type}`;
    let forObject = mappings.get(key);
    if (!forObject) mappings.set(key, (forObject = repo.listCustomMappings(db, userId, { platform: row.platform, objectType: row.object_type })));
    const values = readPromptContact(row, await forObject);
    rendered.set(row.campaign_contact_id, renderPrompts({ greeting: row.greeting ?? '', instructions: row.instructions ?? '' }, values.resolve));
  }
  return rendered;
}
