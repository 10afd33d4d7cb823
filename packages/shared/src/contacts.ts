import { z } from 'zod';
import { PLATFORMS, ZPlatform } from './platforms';

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
 * - `view=separate`: one group per platform, each with its own count and cursor.
 * - `sort=name` (last, first name, A→Z) or `updated` (most recently updated in the CRM first,
 *   contacts without a date last).
 * - `cursor`: a `nextCursor` from an earlier page, sent back with the same filters.
 */
export const ZContactListQuery = z.strictObject({
  platform: ZPlatformList.optional(),
  q: z.string().trim().min(CONTACT_SEARCH_MIN).max(CONTACT_SEARCH_MAX).optional(),
  callable: ZBooleanParam.optional(),
  view: z.enum(['unified', 'separate']).default('unified'),
  sort: z.enum(['name', 'updated']).default('name'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `an integer from 1 to ${CONTACTS_PAGE_MAX}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(CONTACTS_PAGE_MAX))
    .default(CONTACTS_PAGE_DEFAULT),
  cursor: z.string().min(1).max(4096).optional(),
  includeDeleted: ZBooleanParam.default(false),
});
export type TContactListQuery = z.output<typeof ZContactListQuery>;

/** Path parameter `:id` of GET /api/v1/crm/contacts/:id. */
export const ZContactParams = z.strictObject({ id: z.uuid() });

/** One contact as every client sees it, whichever CRM it came from. */
export const ZContact = z.object({
  id: z.uuid(),
  platform: ZPlatform,
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
});
export type TContact = z.infer<typeof ZContact>;

/**
 * Contacts matching the filters (the cursor aside). Exact without `q` (kept counts); with `q`
 * exact up to a cap of matches, beyond it the planner's estimate, and `isEstimate` says so.
 */
export const ZContactCounts = z.object({
  byPlatform: z.object({ hubspot: z.number().int().nonnegative().optional(), zoho: z.number().int().nonnegative().optional() }),
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
