import { z } from 'zod';
import { CONTACT_SELECTION_IDS_MAX, ZContactSelection, type TContactListFilter } from './contacts';
import { ZCrmFieldType } from './custom-fields';
import { pageCursor, pageLimit, pageOf } from './paging';
import { ZPlatform, perPlatform } from './platforms';
import { ZSegmentCounts } from './segments';

/** The voices an agent can speak with. */
export const AGENT_VOICES = ['alloy', 'verse', 'sage', 'ember'] as const;
export const ZAgentVoice = z.enum(AGENT_VOICES);
export type TAgentVoice = z.infer<typeof ZAgentVoice>;

export const AGENT_NAME_MAX = 100;
export const AGENT_GREETING_MAX = 500;
export const AGENT_INSTRUCTIONS_MAX = 4000;
/** Contacts picked one by one (`contactIds`), and contacts left out of a filter (`excludeIds`). */
export const AGENT_CONTACT_IDS_MAX = CONTACT_SELECTION_IDS_MAX;
/** Contacts one agent may hold; a filter matching more callable contacts is a 400 naming `contacts.filter`. */
export const AGENT_CONTACTS_MAX = 100_000;

/**
 * Which contacts an agent calls: a ZContactSelection that names some (`contactIds`, a `filter`,
 * or both), where `excludeIds` goes only with a filter; or `segmentId` alone, one of the caller's
 * segments: the agent takes its members now, and each campaign started from it takes them again
 * then. Checked by hand rather than as a union, so that a 400 names the wrong field
 * (`contacts.contactIds.3`).
 */
export const ZAgentContactsSelection = ZContactSelection.extend({ segmentId: z.uuid().optional() }).superRefine((value, ctx) => {
  if (value.segmentId !== undefined) {
    for (const field of ['contactIds', 'filter', 'excludeIds'] as const) {
      if (value[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'A segment is the whole selection: send segmentId alone' });
    }
    return;
  }
  if (!value.contactIds && !value.filter) {
    ctx.addIssue({ code: 'custom', path: ['contactIds'], message: 'Send contactIds, a filter (with optional excludeIds), both, or a segmentId' });
  }
  if (value.excludeIds && !value.filter) {
    ctx.addIssue({ code: 'custom', path: ['excludeIds'], message: 'excludeIds only goes with a filter' });
  }
});
/** What a client sends. */
export type TAgentContactsSelection =
  | { contactIds: string[]; filter?: undefined; excludeIds?: undefined; segmentId?: undefined }
  | { contactIds?: string[]; filter: TContactListFilter; excludeIds?: string[]; segmentId?: undefined }
  | { segmentId: string; contactIds?: undefined; filter?: undefined; excludeIds?: undefined };

// What a person writes for an agent, checked the same way when it is created and when it is edited.
const ZAgentName = z.string().trim().min(1, 'Enter a name').max(AGENT_NAME_MAX, `At most ${AGENT_NAME_MAX} characters`);
const ZAgentGreeting = z.string().trim().max(AGENT_GREETING_MAX, `At most ${AGENT_GREETING_MAX} characters`);
const ZAgentInstructions = z.string().trim().max(AGENT_INSTRUCTIONS_MAX, `At most ${AGENT_INSTRUCTIONS_MAX} characters`);

/**
 * POST /api/v1/agents. Only the caller's own contacts that are not deleted are taken, and of
 * those only the callable ones (a valid E.164 phone or mobile); the response counts the rest.
 */
export const ZCreateAgentBody = z.strictObject({
  name: ZAgentName,
  voice: ZAgentVoice,
  greeting: ZAgentGreeting.default(''),
  instructions: ZAgentInstructions.default(''),
  contacts: ZAgentContactsSelection,
});
export type TCreateAgentBody = Omit<z.input<typeof ZCreateAgentBody>, 'contacts'> & { contacts: TAgentContactsSelection };
export type TCreateAgentInput = z.output<typeof ZCreateAgentBody>;

/**
 * PATCH /api/v1/agents/:id: the fields sent change, the others stay; an empty greeting or
 * instructions clears them. The contacts stay as they were selected (a campaign snapshots them).
 */
export const ZUpdateAgentBody = z
  .strictObject({
    name: ZAgentName.optional(),
    voice: ZAgentVoice.optional(),
    greeting: ZAgentGreeting.optional(),
    instructions: ZAgentInstructions.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'Send at least one of name, voice, greeting, instructions' });
export type TUpdateAgentBody = z.input<typeof ZUpdateAgentBody>;
export type TUpdateAgentInput = z.output<typeof ZUpdateAgentBody>;

/** An agent as lists show it. */
export const ZAgent = z.object({
  id: z.uuid(),
  name: z.string(),
  /** One of AGENT_VOICES when created here; a string so that retiring a voice breaks no client. */
  voice: z.string().nullable(),
  greeting: z.string(),
  instructions: z.string(),
  /** segment: taken from a segment (see AgentDetail.segment); its campaigns take the segment's members at their start. */
  contactSource: z.enum(['crm', 'manual', 'segment']),
  /** Contacts in its snapshot. */
  contactCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TAgent = z.infer<typeof ZAgent>;

export const ZAgentContactCounts = z.object({
  byPlatform: perPlatform(z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
});
export type TAgentContactCounts = z.infer<typeof ZAgentContactCounts>;

/**
 * The segment an agent takes its contacts from. `id` and `name` are null once the segment is
 * deleted: the agent then keeps the snapshot it took, and campaigns take that snapshot. `matchingNow`
 * counts the segment's members now (null with a `problem` when its filter cannot run).
 */
export const ZAgentSegment = z.object({
  id: z.uuid().nullable(),
  name: z.string().nullable(),
  matchingNow: ZSegmentCounts.nullable(),
  problem: z.string().nullable(),
});
export type TAgentSegment = z.infer<typeof ZAgentSegment>;

/** GET /api/v1/agents/:id: the agent, its contacts counted by platform, and its segment (null unless contactSource is segment). */
export const ZAgentDetail = ZAgent.extend({ contactCounts: ZAgentContactCounts, segment: ZAgentSegment.nullable() });
export type TAgentDetail = z.infer<typeof ZAgentDetail>;

/** Contacts asked for that an agent or a campaign could not take. */
export const ZSkippedContacts = z.object({
  /** Found, but with no valid E.164 phone or mobile number to call. */
  notCallable: z.number().int().nonnegative(),
  /**
   * Ids of `contactIds` that are not one of the caller's live contacts: unknown, another
   * user's, or deleted since they were listed. A filter only ever matches live contacts.
   */
  notFound: z.number().int().nonnegative(),
});

/** 201 of POST /api/v1/agents: the agent, and what happened to the contacts asked for. */
export const ZCreateAgentResponse = z.object({
  agent: ZAgentDetail,
  contacts: z.object({
    added: z.number().int().nonnegative(),
    skipped: ZSkippedContacts,
  }),
});
export type TCreateAgentResponse = z.infer<typeof ZCreateAgentResponse>;

export const AGENTS_PAGE_DEFAULT = 20;
export const AGENTS_PAGE_MAX = 100;

/** GET /api/v1/agents: newest first; `cursor` is the previous page's `nextCursor`. */
export const ZAgentListQuery = z.strictObject({
  limit: pageLimit(AGENTS_PAGE_MAX, AGENTS_PAGE_DEFAULT),
  cursor: pageCursor(512),
});
export type TAgentListQuery = z.output<typeof ZAgentListQuery>;

export const ZAgentListResponse = pageOf(ZAgent);
export type TAgentListResponse = z.infer<typeof ZAgentListResponse>;

/** Path parameter `:id` of /api/v1/agents/:id and /api/v1/agents/:id/contacts. */
export const ZAgentParams = z.strictObject({ id: z.uuid() });

export const AGENT_CONTACTS_PAGE_DEFAULT = 50;
export const AGENT_CONTACTS_PAGE_MAX = 200;

/** GET /api/v1/agents/:id/contacts: the snapshot by last name, first name. */
export const ZAgentContactListQuery = z.strictObject({
  limit: pageLimit(AGENT_CONTACTS_PAGE_MAX, AGENT_CONTACTS_PAGE_DEFAULT),
  cursor: pageCursor(2048),
});
export type TAgentContactListQuery = z.output<typeof ZAgentContactListQuery>;

/** A contact as it was when the agent was created; later CRM changes do not reach it. */
export const ZAgentContact = z.object({
  id: z.uuid(),
  /** The synced contact it was taken from; null once that contact is gone. */
  crmContactId: z.uuid().nullable(),
  platform: ZPlatform,
  externalId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string().nullable(),
  email: z.string().nullable(),
  /** The number the agent dials: the phone, else the mobile, in E.164. */
  phoneE164: z.string(),
  company: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TAgentContact = z.infer<typeof ZAgentContact>;

export const ZAgentContactListResponse = pageOf(ZAgentContact);
export type TAgentContactListResponse = z.infer<typeof ZAgentContactListResponse>;

/** A variable an agent's greeting and instructions may use, as the editor offers it. */
export const ZPromptVariable = z.object({
  /** As written between the braces: `contact.first_name`, `custom.renewal_date`. */
  name: z.string(),
  label: z.string(),
  type: ZCrmFieldType,
  /** `contact`: a field every synced contact has; `custom`: a key the user's field mappings define. */
  source: z.enum(['contact', 'custom']),
  /** Custom: the connections that map the key (contacts of other CRMs have no value); contact: every platform. */
  platforms: z.array(ZPlatform),
});
export type TPromptVariable = z.infer<typeof ZPromptVariable>;

/** GET /api/v1/agents/prompt-variables: the contact variables, then the user's custom keys by name. */
export const ZPromptVariablesResponse = z.object({ variables: z.array(ZPromptVariable) });
export type TPromptVariablesResponse = z.infer<typeof ZPromptVariablesResponse>;

/** POST /api/v1/agents/prompt-preview: a greeting and instructions, checked as a save checks them, rendered for one of the caller's contacts. */
export const ZPromptPreviewBody = z.strictObject({
  greeting: ZAgentGreeting.default(''),
  instructions: ZAgentInstructions.default(''),
  contactId: z.uuid(),
});
export type TPromptPreviewBody = z.input<typeof ZPromptPreviewBody>;
export type TPromptPreviewInput = z.output<typeof ZPromptPreviewBody>;

/** A greeting and instructions rendered for one contact. */
export const ZRenderedPrompt = z.object({
  greeting: z.string(),
  instructions: z.string(),
  /** Variables (`custom.plan`) the contact has no value for, once each in text order: their default, or nothing, was said instead. */
  missing: z.array(z.string()),
});
export type TRenderedPrompt = z.infer<typeof ZRenderedPrompt>;
