import { z } from 'zod';
import { ZRenderedPrompt, ZSkippedContacts } from './agents';
import { ZCrmFieldType, ZCustomFieldValue, ZStandardFieldValues } from './custom-fields';
import { ZCallingRules, ZCallingRulesInput } from './calling-rules';
import { ZContactSelection } from './contacts';
import { pageCursor, pageLimit, pageOf } from './paging';
import { ZContactObjectType, ZPlatform, perPlatform } from './platforms';

export const CAMPAIGN_NAME_MAX = 100;
/** Results one POST /campaigns/:id/results may carry. */
export const CAMPAIGN_RESULTS_MAX = 500;

/**
 * POST /api/v1/campaigns. The contacts come from the user's synced contacts — the `contactIds`
 * and `filter` of a ZContactSelection, side by side with the campaign's fields (no `excludeIds`)
 * — or, with neither, from the agent's own contact snapshot. Only callable contacts are taken,
 * and one per phone number: a person in both CRMs is called once.
 */
const ZCampaignName = z.string().trim().min(1, 'Enter a name').max(CAMPAIGN_NAME_MAX, `At most ${CAMPAIGN_NAME_MAX} characters`);

/** A start date after the end date is refused where both are given (a PATCH is checked again against the stored dates). */
const startsBeforeEnd = (rules: { startsOn?: string | null; endsOn?: string | null }) => !rules.startsOn || !rules.endsOn || rules.startsOn <= rules.endsOn;
const STARTS_BEFORE_END = { message: 'endsOn must not be before startsOn', path: ['endsOn'] };

export const ZCreateCampaignBody = z
  .strictObject({
    agentId: z.uuid(),
    name: ZCampaignName,
    ...ZContactSelection.pick({ contactIds: true, filter: true }).shape,
    /** Calling rules (calling-rules.ts); each left out takes its default (Mon–Fri 09:00–20:00, 3 attempts…). */
    ...ZCallingRulesInput.shape,
  })
  .refine(startsBeforeEnd, STARTS_BEFORE_END);
export type TCreateCampaignBody = z.input<typeof ZCreateCampaignBody>;
export type TCreateCampaignInput = z.output<typeof ZCreateCampaignBody>;

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;

export const ZCampaign = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  contactCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  /** When, in each contact's own time, and how often its contacts may be called. */
  rules: ZCallingRules,
});
export type TCampaign = z.infer<typeof ZCampaign>;

/** PATCH /api/v1/campaigns/:id: the name and any of the calling rules; what is left out stays. */
export const ZUpdateCampaignBody = z
  .strictObject({ name: ZCampaignName.optional(), ...ZCallingRulesInput.shape })
  .refine(startsBeforeEnd, STARTS_BEFORE_END);
export type TUpdateCampaignInput = z.output<typeof ZUpdateCampaignBody>;

/** POST /campaigns/:id/pause, /resume, /cancel: the campaign as it is now. */
export const ZCampaignResponse = z.object({ campaign: ZCampaign });
export type TCampaignResponse = z.infer<typeof ZCampaignResponse>;

/** 201 of POST /api/v1/campaigns: the campaign, and what happened to the contacts asked for. */
export const ZCreateCampaignResponse = z.object({
  campaign: ZCampaign,
  contacts: z.object({
    /** Rows of the campaign's snapshot. */
    added: z.number().int().nonnegative(),
    /** Callable contacts left out because another one (often in the other CRM) has the same number. */
    merged: z.number().int().nonnegative(),
    skipped: ZSkippedContacts,
  }),
});
export type TCreateCampaignResponse = z.infer<typeof ZCreateCampaignResponse>;

export const CAMPAIGNS_PAGE_DEFAULT = 20;
export const CAMPAIGNS_PAGE_MAX = 100;

/** GET /api/v1/campaigns: newest first, optionally one agent's or those in one status; `cursor` is the previous page's `nextCursor`. */
export const ZCampaignListQuery = z.strictObject({
  agentId: z.uuid().optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  limit: pageLimit(CAMPAIGNS_PAGE_MAX, CAMPAIGNS_PAGE_DEFAULT),
  cursor: pageCursor(512),
});
export type TCampaignListQuery = z.output<typeof ZCampaignListQuery>;

/**
 * A campaign's headline figures, as the list shows them: the same definitions as the `total` of
 * GET /campaigns/:id/stats — its contacts; those called (a result arrived); those whose latest call
 * was answered — and the CRMs holding its contacts, in PLATFORMS order. The answer rate is
 * `answered / called` (none before a call). Counted for a whole page at once.
 */
export const ZCampaignFigures = z
  .object({
    contacts: z.number().int().nonnegative(),
    called: z.number().int().nonnegative(),
    answered: z.number().int().nonnegative(),
    platforms: z.array(ZPlatform),
  })
  .meta({
    description:
      "Headline figures, as GET /campaigns/{id}/stats counts its total: contacts, contacts called, contacts whose latest call was answered, and the CRMs holding the campaign's contacts.",
  });
export type TCampaignFigures = z.infer<typeof ZCampaignFigures>;

/** An item of GET /api/v1/campaigns: the campaign and its figures (added in issue 19; the campaign's fields are unchanged). */
export const ZCampaignListItem = ZCampaign.extend({ figures: ZCampaignFigures });
export type TCampaignListItem = z.infer<typeof ZCampaignListItem>;

export const ZCampaignListResponse = pageOf(ZCampaignListItem);
export type TCampaignListResponse = z.infer<typeof ZCampaignListResponse>;

export const ZCampaignParams = z.strictObject({ id: z.uuid() });

export const CAMPAIGN_CONTACTS_PAGE_DEFAULT = 50;
export const CAMPAIGN_CONTACTS_PAGE_MAX = 200;

/** GET /api/v1/campaigns/:id: the campaign and a page of its contacts by name. */
export const ZCampaignDetailQuery = z.strictObject({
  limit: pageLimit(CAMPAIGN_CONTACTS_PAGE_MAX, CAMPAIGN_CONTACTS_PAGE_DEFAULT),
  cursor: pageCursor(2048),
});
export type TCampaignDetailQuery = z.output<typeof ZCampaignDetailQuery>;

/** What the calling service reports a call ended as. `completed`: someone answered. */
export const CALL_RESULT_STATUSES = ['completed', 'voicemail', 'no_answer', 'busy', 'failed'] as const;
export const ZCallResultStatus = z.enum(CALL_RESULT_STATUSES);
export type TCallResultStatus = z.infer<typeof ZCallResultStatus>;

/** pending: queued; retrying: an attempt failed and another follows; failed: given up (see `error`). */
export const WRITE_BACK_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export const ZWriteBackStatus = z.enum(WRITE_BACK_STATUSES);
export type TWriteBackStatus = z.infer<typeof ZWriteBackStatus>;

/** A contact of a campaign: the snapshot, its latest call, and that call's write-back to the CRM. */
export const ZCampaignContact = z.object({
  id: z.uuid(),
  crmContactId: z.uuid().nullable(),
  platform: ZPlatform,
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  phoneE164: z.string(),
  /** null until a result arrives. */
  lastCall: z
    .object({
      callId: z.string(),
      status: ZCallResultStatus,
      outcome: z.string().nullable(),
      startedAt: z.iso.datetime(),
      durationSec: z.number().int().nonnegative(),
      summary: z.string(),
    })
    .nullable(),
  writeBack: z
    .object({
      status: ZWriteBackStatus,
      /** The call's id in the CRM once written back. */
      crmCallId: z.string().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type TCampaignContact = z.infer<typeof ZCampaignContact>;

export const ZCampaignDetail = z.object({
  campaign: ZCampaign,
  contacts: pageOf(ZCampaignContact),
});
export type TCampaignDetail = z.infer<typeof ZCampaignDetail>;

/**
 * Per platform: contacts; contacts called (a result arrived), and by their latest call answered,
 * voicemail, no answer (no answer or busy) and failed; the average length of answered calls;
 * calls reported, written back, waiting to be written back, and failed to write back.
 */
export const ZCampaignPlatformStats = z.object({
  contacts: z.number().int().nonnegative(),
  called: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  voicemail: z.number().int().nonnegative(),
  noAnswer: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Seconds, to one decimal; null before any answered call. */
  averageDurationSec: z.number().nonnegative().nullable(),
  calls: z.number().int().nonnegative(),
  writtenBack: z.number().int().nonnegative(),
  writeBackPending: z.number().int().nonnegative(),
  writeBackFailed: z.number().int().nonnegative(),
});
export type TCampaignPlatformStats = z.infer<typeof ZCampaignPlatformStats>;

/** GET /api/v1/campaigns/:id/stats */
export const ZCampaignStats = z.object({
  campaignId: z.uuid(),
  byPlatform: perPlatform(ZCampaignPlatformStats),
  total: ZCampaignPlatformStats,
});
export type TCampaignStats = z.infer<typeof ZCampaignStats>;

/** One call as the calling service reports it. `callId` is its own id: the same id again is the same call. */
export const ZCallResult = z.strictObject({
  campaignContactId: z.uuid(),
  callId: z.string().trim().min(1).max(200),
  status: ZCallResultStatus,
  outcome: z.string().trim().max(100).nullable().default(null),
  startedAt: z.iso.datetime({ offset: true }),
  durationSec: z.number().int().min(0).max(86_400),
  summary: z.string().trim().max(10_000).default(''),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});
export type TCallResult = z.input<typeof ZCallResult>;

/**
 * POST /api/v1/campaigns/:id/results: `{ results: [...] }`, or one result on its own (read as
 * a list of one, so errors still name `results.0.…`).
 */
export const ZPostResultsBody = z.preprocess(
  (body) => (body !== null && typeof body === 'object' && !Array.isArray(body) && !('results' in body) ? { results: [body] } : body),
  z.strictObject({ results: z.array(ZCallResult).min(1).max(CAMPAIGN_RESULTS_MAX) }),
);
export type TPostResultsBody = { results: TCallResult[] } | TCallResult;
export type TPostResultsInput = z.output<typeof ZPostResultsBody>;

/** 200 of POST /results: per result in input order, whether it is new or a call already reported. */
export const ZPostResultsResponse = z.object({
  results: z.array(z.object({ callId: z.string(), resultId: z.uuid(), isDuplicate: z.boolean() })),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type TPostResultsResponse = z.infer<typeof ZPostResultsResponse>;

/** 202 of POST /campaigns/:id/sync-results: how many unfinished write-backs were queued again. */
export const ZSyncResultsResponse = z.object({ requeued: z.number().int().nonnegative() });
export type TSyncResultsResponse = z.infer<typeof ZSyncResultsResponse>;

/**
 * Path of GET /api/v1/campaigns/:id/contacts/:contactId/context. `contactId` is the campaign
 * contact's id: the `id` of the campaign's contacts list, and the `campaignContactId` the calling
 * service reports results with.
 */
export const ZCampaignContactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

/** A mapped custom field of the contact's connection, with the contact's value and how an agent says it. */
export const ZContextCustomField = z.object({
  key: z.string(),
  label: z.string(),
  type: ZCrmFieldType,
  /** Null when the contact has no value in the CRM. */
  value: ZCustomFieldValue.nullable(),
  /** The value as the prompts speak it (yes / no, an option's label, a list joined with ", "); null without a value. */
  display: z.string().nullable(),
});
export type TContextCustomField = z.infer<typeof ZContextCustomField>;

/**
 * What the calling service needs to call one contact of a campaign: the contact's fields as
 * synced now, and the campaign's agent's greeting and instructions rendered for it.
 */
export const ZCampaignContactContext = ZRenderedPrompt.extend({
  contact: z.object({
    /** The synced contact; null once it is gone from the CRM (the campaign's snapshot is used then). */
    id: z.uuid().nullable(),
    campaignContactId: z.uuid(),
    platform: ZPlatform,
    objectType: ZContactObjectType,
    externalId: z.string(),
    /** Every contact variable by name (`first_name`, `do_not_call`…): a string, a boolean for the yes/no ones, or null. */
    fields: z.record(z.string(), z.union([z.string(), z.boolean()]).nullable()),
    standardFields: ZStandardFieldValues,
    /** Every custom field the contact's connection maps, by key. */
    customFields: z.array(ZContextCustomField),
  }),
});
export type TCampaignContactContext = z.infer<typeof ZCampaignContactContext>;
