import { z } from 'zod';
import { ZErrorCode } from './api/error-codes';
import { pageCursor, pageLimit } from './paging';
import { ZCustomFieldValue, ZStandardFieldValues } from './custom-fields';
import { ZFilterNode } from './contact-filter-tree';
import { PLATFORMS, ZContactObjectType, ZPlatform, perPlatform } from './platforms';

/** Query values arrive as strings (or arrays of them when repeated); booleans are spelled out. */
const ZBooleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `platform=hubspot&platform=zoho`, `platform=hubspot,zoho`, or both mixed; duplicates fold. */
const ZPlatformList = z.preprocess(
  (value) => (typeof value === 'string' || Array.isArray(value) ? [value].flat().flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])) : value),
  z
    .array(ZPlatform)
    .min(1)
    .transform((platforms) => PLATFORMS.filter((platform) => platforms.includes(platform))),
);

/** A filter tree in a URL: JSON, at most this long; a larger one goes to POST /crm/contacts/query. */
export const CONTACT_FILTER_PARAM_MAX = 4000;

/** `where`: a filter tree (ZFilterNode) as JSON in one query parameter. */
const ZFilterTreeParam = z
  .string()
  .max(CONTACT_FILTER_PARAM_MAX, `at most ${CONTACT_FILTER_PARAM_MAX} characters; send a larger filter to POST /api/v1/crm/contacts/query`)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON: a filter tree is JSON, URL-encoded' });
      return z.NEVER;
    }
  })
  .pipe(ZFilterNode);

export const CONTACTS_PAGE_DEFAULT = 50;
export const CONTACTS_PAGE_MAX = 200;
/** Shorter terms match too much to be useful and give the trigram index nothing to seek with. */
export const CONTACT_SEARCH_MIN = 2;
export const CONTACT_SEARCH_MAX = 200;

/**
 * GET /api/v1/crm/contacts. Strict: an unknown parameter is a 400 naming it.
 * - `q`: substring of name, email, company, job title or phone; case- and accent-insensitive;
 *   a term of only phone characters (digits, spaces, `+ - . ( )`) also matches phone digits.
 * - `callable`: true → has a valid E.164 phone or mobile; false → has neither.
 * - `objectType`: `contact` or `lead` (Salesforce leads; every other CRM's records are contacts).
 * - `view=separate`: one group per platform, each with its own count and cursor.
 * - `sort=name` (last, first name, A→Z) or `updated` (most recently updated in the CRM first,
 *   contacts without a date last).
 * - `where`: a filter tree (see ZFilterNode) as URL-encoded JSON; fields the user has not got are a 400
 *   naming the condition's path. A tree longer than a URL allows goes to POST /crm/contacts/query.
 * - `cursor`: a `nextCursor` from an earlier page, sent back with the same filters.
 */
export const ZContactListQuery = z.strictObject({
  platform: ZPlatformList.optional(),
  q: z.string().trim().min(CONTACT_SEARCH_MIN).max(CONTACT_SEARCH_MAX).optional(),
  callable: ZBooleanParam.optional(),
  objectType: ZContactObjectType.optional(),
  where: ZFilterTreeParam.optional(),
  view: z.enum(['unified', 'separate']).default('unified'),
  sort: z.enum(['name', 'updated']).default('name'),
  limit: pageLimit(CONTACTS_PAGE_MAX, CONTACTS_PAGE_DEFAULT),
  cursor: pageCursor(4096),
  includeDeleted: ZBooleanParam.default(false),
});
export type TContactListQuery = z.output<typeof ZContactListQuery>;

/** Ids one selection may pick one by one, and ids it may leave out of a filter. */
export const CONTACT_SELECTION_IDS_MAX = 10_000;

/**
 * The filters of GET /api/v1/crm/contacts (ZContactListQuery) as JSON: `platform` one platform or
 * a list (none: every platform), `q` the same search, `callable` the same test, `objectType` the same kind.
 */
export const ZContactListFilter = z.strictObject({
  platform: z
    .union([ZPlatform.transform((platform) => [platform]), z.array(ZPlatform).min(1)])
    .transform((platforms) => PLATFORMS.filter((platform) => platforms.includes(platform)))
    .optional(),
  q: z.string().trim().min(CONTACT_SEARCH_MIN).max(CONTACT_SEARCH_MAX).optional(),
  callable: z.boolean().optional(),
  objectType: ZContactObjectType.optional(),
  /** A filter tree (ZFilterNode), and-ed with the other filters. */
  where: ZFilterNode.optional(),
});
export type TContactListFilter = z.input<typeof ZContactListFilter>;

/**
 * POST /api/v1/crm/contacts/query: the list's parameters as a JSON body (the filters as
 * ZContactListFilter), for a filter tree too large for a URL. Same meaning and answer as
 * GET /crm/contacts; a `cursor` pages with the same body.
 */
export const ZContactQueryBody = ZContactListFilter.extend({
  view: z.enum(['unified', 'separate']).default('unified'),
  sort: z.enum(['name', 'updated']).default('name'),
  limit: z.number().int().min(1).max(CONTACTS_PAGE_MAX).default(CONTACTS_PAGE_DEFAULT),
  cursor: z.string().min(1).max(4096).optional(),
  includeDeleted: z.boolean().default(false),
});
export type TContactQueryBody = z.input<typeof ZContactQueryBody>;

const ZContactIdList = z.array(z.uuid()).max(CONTACT_SELECTION_IDS_MAX);

/**
 * Which of the caller's live contacts a request means, for agents, campaigns and every bulk
 * operation: `contactIds` picked one by one, plus every contact `filter` matches less
 * `excludeIds`. A picked id is taken even when it is also excluded: `excludeIds` only subtracts
 * from the filter. Each endpoint says which parts it takes and which it requires.
 */
export const ZContactSelection = z.strictObject({
  contactIds: ZContactIdList.min(1).optional(),
  filter: ZContactListFilter.optional(),
  excludeIds: ZContactIdList.optional(),
});
export type TContactSelection = z.input<typeof ZContactSelection>;
export type TContactSelectionInput = z.output<typeof ZContactSelection>;

/** Path parameter `:id` of GET /api/v1/crm/contacts/:id. */
export const ZContactParams = z.strictObject({ id: z.uuid() });

/**
 * Why a contact cannot be called now, the first that applies: no number parses as E.164, the CRM
 * says do not call, the CRM records refused consent, or the number a campaign would dial is on the
 * user's suppression list (from any CRM).
 */
export const NOT_CALLABLE_REASONS = ['invalid_number', 'do_not_call', 'no_consent', 'suppressed'] as const;
export const ZNotCallableReason = z.enum(NOT_CALLABLE_REASONS);
export type TNotCallableReason = z.infer<typeof ZNotCallableReason>;

/** One contact as every client sees it, whichever CRM it came from. */
export const ZContact = z.object({
  id: z.uuid(),
  platform: ZPlatform,
  /** A contact, or a Salesforce lead not yet converted (a converted one arrives as its contact). */
  objectType: ZContactObjectType,
  /** The record's id in its CRM. */
  externalId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** First and last name joined; null when both are missing. */
  fullName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneE164: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  mobilePhoneE164: z.string().nullable(),
  /** Has a valid E.164 phone or mobile number: a voice agent can call it. */
  isCallable: z.boolean(),
  /** Null when a campaign may call it; else why not (see NOT_CALLABLE_REASONS). */
  notCallableReason: ZNotCallableReason.nullable(),
  company: z.string().nullable(),
  jobTitle: z.string().nullable(),
  lifecycleStage: z.string().nullable(),
  leadStatus: z.string().nullable(),
  crmUpdatedAt: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable(),
  /**
   * Same person on another platform: contacts sharing an email (case-insensitive) or an E.164
   * number with a contact of another CRM carry the same id. Null when none, and in the
   * separate view.
   */
  duplicateGroup: z.string().nullable(),
  /** The standard VoiceAgent fields the connection's mapping feeds (time zone, do not call, …). */
  standardFields: ZStandardFieldValues,
  /** Mapped custom fields by key; a key without a value in the CRM is absent. */
  customFields: z.record(z.string(), ZCustomFieldValue),
  /** Mapped fields whose CRM value did not fit the field's type, by key: what was wrong. */
  fieldIssues: z.record(z.string(), z.string()),
});
export type TContact = z.infer<typeof ZContact>;

/**
 * Contacts matching the filters (the cursor aside). Exact without `q` (kept counts); with `q`
 * exact up to a cap of matches, beyond it the planner's estimate, and `isEstimate` says so.
 */
export const ZContactCounts = z.object({
  byPlatform: perPlatform(z.number().int().nonnegative().optional()),
  total: z.number().int().nonnegative(),
  isEstimate: z.boolean(),
});
export type TContactCounts = z.infer<typeof ZContactCounts>;

export const ZContactGroup = z.object({
  platform: ZPlatform,
  items: z.array(ZContact),
  count: z.number().int().nonnegative(),
  nextCursor: z.string().nullable(),
});
export type TContactGroup = z.infer<typeof ZContactGroup>;

/**
 * `view=unified`: one list across platforms. `view=separate`: one group per platform in the
 * filter; a group's nextCursor pages that group alone (the response then holds only it).
 */
export const ZContactListResponse = z.discriminatedUnion('view', [
  z.object({ view: z.literal('unified'), items: z.array(ZContact), nextCursor: z.string().nullable(), counts: ZContactCounts }),
  z.object({ view: z.literal('separate'), groups: z.array(ZContactGroup), counts: ZContactCounts }),
]);
export type TContactListResponse = z.infer<typeof ZContactListResponse>;

/**
 * Creating contacts. Both CRMs take longer values; these bounds keep a name a name, and what a
 * voice agent reads out short.
 */
export const NEW_CONTACT_LIMITS = { name: 100, company: 200, jobTitle: 200, email: 254, phone: 40 } as const;
/** Both CRMs write at most 100 records per batch request. */
export const CREATE_CONTACTS_MAX = 100;

/**
 * Says whether a phone number can be read: one written with `+` and its country code stands on
 * its own; a national one ("030 1234567") needs the contact's `country`. The server reads it
 * with libphonenumber-js; the default here checks only its shape, so the web app can use the
 * same rule without loading phone metadata.
 */
export type PhoneReader = (phone: string, country: string | undefined) => boolean;

// Digits with the separators people type; no letters ("1-800-FLOWERS") and no extensions.
const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;

export const hasPhoneShape: PhoneReader = (phone, country) =>
  PHONE_SHAPE.test(phone) && phone.replace(/\D/g, '').length >= 3 && (phone.startsWith('+') || country !== undefined);

const ZContactText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/**
 * The body of POST /api/v1/crm/:platform/contacts, and each item of the batch. Strict: an
 * unknown field is a 400 naming it. An email or a phone number (or mobile) is required. `country`
 * (ISO 3166-1 alpha-2) is the region national numbers are read in; the CRM gets such numbers
 * in international format, and the country itself is not stored. `objectType` (default `contact`):
 * `lead` creates a Salesforce Lead; other CRMs have only contacts and refuse it with a 400.
 */
export function buildZNewContact(isReadablePhone: PhoneReader = hasPhoneShape) {
  return z
    .strictObject({
      objectType: ZContactObjectType.optional(),
      firstName: ZContactText(NEW_CONTACT_LIMITS.name).optional(),
      lastName: ZContactText(NEW_CONTACT_LIMITS.name).optional(),
      email: z.email().max(NEW_CONTACT_LIMITS.email).optional(),
      phone: ZContactText(NEW_CONTACT_LIMITS.phone).optional(),
      mobilePhone: ZContactText(NEW_CONTACT_LIMITS.phone).optional(),
      company: ZContactText(NEW_CONTACT_LIMITS.company).optional(),
      jobTitle: ZContactText(NEW_CONTACT_LIMITS.jobTitle).optional(),
      country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, such as "DE"').optional(),
    })
    .superRefine((contact, ctx) => {
      if (contact.email === undefined && contact.phone === undefined && contact.mobilePhone === undefined) {
        for (const field of ['email', 'phone'] as const) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'an email or a phone number (phone or mobilePhone) is required' });
        }
      }
      for (const field of ['phone', 'mobilePhone'] as const) {
        const phone = contact[field];
        if (phone === undefined || isReadablePhone(phone, contact.country)) continue;
        const message =
          phone.startsWith('+') || contact.country !== undefined
            ? 'not a phone number'
            : 'a national number needs "country", or write it with + and the country code';
        ctx.addIssue({ code: 'custom', path: [field], message });
      }
    });
}

export const ZNewContact = buildZNewContact();
export type TNewContact = z.infer<typeof ZNewContact>;

/** POST /api/v1/crm/:platform/contacts/batch, as clients send it. */
export const ZCreateContactsBody = z.strictObject({ contacts: z.array(ZNewContact).min(1).max(CREATE_CONTACTS_MAX) });
export type TCreateContactsBody = z.infer<typeof ZCreateContactsBody>;

/**
 * The same body as the server first reads it: the envelope strictly, the items one by one
 * afterwards, so that one bad item fails alone and the others are still created.
 */
export const ZCreateContactsEnvelope = z.strictObject({ contacts: z.array(z.unknown()).min(1).max(CREATE_CONTACTS_MAX) });

/** Why one item of a batch was not created. */
export const ZCreateContactError = z.object({
  /** validation_failed (our checks or the CRM's), crm_duplicate, provider_rejected, provider_* … */
  code: ZErrorCode,
  message: z.string(),
  /** crm_duplicate: the CRM's id of the contact that has this email already. */
  existingId: z.string().optional(),
  /** crm_duplicate: our id of that contact, when it has been synced. */
  contactId: z.uuid().optional(),
  /** validation_failed by our checks: each wrong field, as `contacts.<index>.<field>`. */
  issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type TCreateContactError = z.infer<typeof ZCreateContactError>;

export const ZCreateContactResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), contact: ZContact }),
  z.object({ ok: z.literal(false), error: ZCreateContactError }),
]);
export type TCreateContactResult = z.infer<typeof ZCreateContactResult>;

/**
 * 200 of the batch (also when some or all items failed: each result says so; the status is
 * about the request). One result per input, in input order.
 */
export const ZCreateContactsResponse = z.object({ results: z.array(ZCreateContactResult) });
export type TCreateContactsResponse = z.infer<typeof ZCreateContactsResponse>;

/**
 * `Idempotency-Key` of both POSTs: 1 to 255 printable ASCII characters, unique per attempted
 * creation (a UUID will do). A retry with the same key and body gets the first response again.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const ZIdempotencyKey = z.string().regex(/^[\x20-\x7E]{1,255}$/, '1 to 255 printable ASCII characters');
