import type { Pool } from 'pg';
import {
  PLATFORMS,
  PROMPT_CONTACT_VARIABLE_NAMES,
  PROMPT_CONTACT_VARIABLES,
  type TCampaignContactContext,
  type TPromptPreviewInput,
  type TPromptVariable,
  type TPromptVariablesResponse,
  type TRenderedPrompt,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import * as repo from './prompt-fields-repository';
import { assertValidPrompts } from './prompt-validation';
import { readPromptContact, renderPrompts } from './prompt-values';

export type PromptsService = ReturnType<typeof createPromptsService>;

/** Agent prompts with variables: what the editor offers, a preview for one contact, and the calling service's context. */
export function createPromptsService(deps: { pool: Pool }) {
  const { pool } = deps;

  async function listPromptVariables(user: AuthenticatedUser): Promise<TPromptVariablesResponse> {
    const mappings = await withUser(pool, user.claims, (db) => repo.listCustomMappings(db, user.id));
    const contact = PROMPT_CONTACT_VARIABLE_NAMES.map((name): TPromptVariable => {
      const { label, type } = PROMPT_CONTACT_VARIABLES[name];
      return { name: `contact.${name}`, label, type, source: 'contact', platforms: [...PLATFORMS] };
    });
    return { variables: [...contact, ...toCustomVariables(mappings)] };
  }

  /** Checked as a save is, then rendered for one of the caller's live contacts. */
  async function previewPrompt(user: AuthenticatedUser, input: TPromptPreviewInput): Promise<TRenderedPrompt> {
    return withUser(pool, user.claims, async (db) => {
      await assertValidPrompts(db, user.id, input);
      const row = await repo.findPromptContact(db, user.id, input.contactId);
      if (!row) throw new AppError('not_found', `No contact ${input.contactId}`);
      const mappings = await repo.listCustomMappings(db, user.id, { platform: row.platform, objectType: row.object_type });
      return renderPrompts(input, readPromptContact(row, mappings).resolve);
    });
  }

  /** `contactId` is the campaign contact's id; another user's campaign, or a contact of another campaign, is a 404. */
  async function getCampaignContactContext(user: AuthenticatedUser, campaignId: string, contactId: string): Promise<TCampaignContactContext> {
    return withUser(pool, user.claims, async (db) => {
      const row = await repo.findCampaignContactForPrompt(db, user.id, { campaignId, campaignContactId: contactId });
      if (!row) throw new AppError('not_found', `No contact ${contactId} in campaign ${campaignId}`);
      const mappings = await repo.listCustomMappings(db, user.id, { platform: row.platform, objectType: row.object_type });
      const values = readPromptContact(row, mappings);
      const rendered = renderPrompts({ greeting: row.greeting ?? '', instructions: row.instructions ?? '' }, values.resolve);
      return {
        contact: {
          id: row.id,
          campaignContactId: row.campaign_contact_id,
          platform: row.platform,
          objectType: row.object_type,
          externalId: row.external_id,
          fields: values.fields,
          standardFields: values.standardFields,
          customFields: values.customFields,
        },
        ...rendered,
      };
    });
  }

  return { listPromptVariables, previewPrompt, getCampaignContactContext };
}

/** One variable per custom key, labelled and typed as the first platform (in PLATFORMS order) that maps it. */
function toCustomVariables(mappings: repo.CustomMappingRow[]): TPromptVariable[] {
  const byKey = new Map<string, repo.CustomMappingRow[]>();
  for (const mapping of mappings) byKey.set(mapping.target_key, [...(byKey.get(mapping.target_key) ?? []), mapping]);
  return [...byKey].map(([key, rows]) => {
    const platforms = PLATFORMS.filter((platform) => rows.some((row) => row.platform === platform));
    const first = rows.find((row) => row.platform === platforms[0])!;
    return { name: `custom.${key}`, label: first.label, type: first.field_type, source: 'custom', platforms };
  });
}
