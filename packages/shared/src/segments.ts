import { z } from 'zod';
import { CONTACTS_PAGE_DEFAULT, CONTACTS_PAGE_MAX, ZContactListFilter } from './contacts';
import { pageCursor, pageLimit, pageOf } from './paging';
import { perPlatform, ZPlatform } from './platforms';

export const SEGMENT_NAME_MAX = 120;
export const SEGMENT_DESCRIPTION_MAX = 1000;
/** Each segment of a page is counted live (trees together in one pass): at 200,000 contacts a page of 20 takes about 0.8 s (bench/segments). */
export const SEGMENTS_PAGE_DEFAULT = 10;
/** Each segment of a page is counted live, so a page stays small. */
export const SEGMENTS_PAGE_MAX = 20;

const ZSegmentName = z.string().trim().min(1, 'Enter a name').max(SEGMENT_NAME_MAX, `At most ${SEGMENT_NAME_MAX} characters`);
const ZSegmentDescription = z.string().trim().max(SEGMENT_DESCRIPTION_MAX, `At most ${SEGMENT_DESCRIPTION_MAX} characters`);

/**
 * How a segment's members are found: `filter`, a saved ZContactListFilter; `crm_list`, a list of a
 * CRM (HubSpot list, Zoho custom view, Salesforce list view) whose members are stored and follow the
 * CRM after every sync of that connection.
 */
export const ZSegmentKind = z.enum(['filter', 'crm_list']);
export type TSegmentKind = z.infer<typeof ZSegmentKind>;

/** The live contacts a segment's filter matches now, per CRM (every platform named, 0 where none). */
export const ZSegmentCounts = z.object({
  byPlatform: perPlatform(z.number().int().nonnegative().optional()),
  total: z.number().int().nonnegative(),
  /** With a broad search term the counts are the planner's estimate (as in GET /crm/contacts). */
  isEstimate: z.boolean(),
});
export type TSegmentCounts = z.infer<typeof ZSegmentCounts>;

/**
 * A saved filter. `counts` are counted when it is read; null with a `problem` when its filter can
 * no longer run (its tree names a field the user no longer maps), which a PATCH of the filter mends.
 */
export const ZSegment = z.object({
  id: z.uuid(),
  kind: ZSegmentKind,
  name: z.string(),
  description: z.string(),
  /** As GET /crm/contacts and its URL take it: platform (a list), q, callable, objectType, where (a tree). */
  filter: ZContactListFilter,
  counts: ZSegmentCounts.nullable(),
  problem: z.string().nullable(),
  /** kind `crm_list`: the list it mirrors and when its members were last read from the CRM (null: not yet). */
  source: z
    .object({ platform: ZPlatform, listId: z.string(), refreshedAt: z.iso.datetime().nullable() })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TSegment = z.infer<typeof ZSegment>;

/** POST /api/v1/segments. The name is unique per user, whatever its case (409 `conflict`). */
export const ZCreateSegmentBody = z.strictObject({
  name: ZSegmentName,
  description: ZSegmentDescription.default(''),
  filter: ZContactListFilter,
});
export type TCreateSegmentBody = z.input<typeof ZCreateSegmentBody>;
export type TCreateSegmentInput = z.output<typeof ZCreateSegmentBody>;

/** PATCH /api/v1/segments/:id: the fields sent change; an empty description clears it; a filter replaces the old one whole. */
export const ZUpdateSegmentBody = z
  .strictObject({
    name: ZSegmentName.optional(),
    description: ZSegmentDescription.optional(),
    filter: ZContactListFilter.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'Send at least one of name, description, filter' });
export type TUpdateSegmentBody = z.input<typeof ZUpdateSegmentBody>;
export type TUpdateSegmentInput = z.output<typeof ZUpdateSegmentBody>;

/** GET /api/v1/segments: newest first; `cursor` is the previous page's `nextCursor`. */
export const ZSegmentListQuery = z.strictObject({
  limit: pageLimit(SEGMENTS_PAGE_MAX, SEGMENTS_PAGE_DEFAULT),
  cursor: pageCursor(512),
});
export type TSegmentListQuery = z.output<typeof ZSegmentListQuery>;

export const ZSegmentListResponse = pageOf(ZSegment);
export type TSegmentListResponse = z.infer<typeof ZSegmentListResponse>;

/** Path parameter `:id` of /api/v1/segments/:id and its contacts. */
export const ZSegmentParams = z.strictObject({ id: z.uuid() });

const ZBooleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/v1/segments/:id/contacts: GET /crm/contacts's view, sort and paging; the filters are the segment's. */
export const ZSegmentContactsQuery = z.strictObject({
  view: z.enum(['unified', 'separate']).default('unified'),
  sort: z.enum(['name', 'updated']).default('name'),
  limit: pageLimit(CONTACTS_PAGE_MAX, CONTACTS_PAGE_DEFAULT),
  cursor: pageCursor(4096),
  includeDeleted: ZBooleanParam.default(false),
});
export type TSegmentContactsQuery = z.output<typeof ZSegmentContactsQuery>;

/** 200 of DELETE /api/v1/segments/:id: agents made from it keep their last snapshot, and are counted here. */
export const ZDeleteSegmentResponse = z.object({ id: z.uuid(), agentsKept: z.number().int().nonnegative() });
export type TDeleteSegmentResponse = z.infer<typeof ZDeleteSegmentResponse>;

/** A list of a CRM that can become a segment: HubSpot lists, Zoho custom views, Salesforce list views of contacts. */
export const ZCrmList = z.object({
  id: z.string(),
  name: z.string(),
  /** static: members are added by hand (HubSpot MANUAL/SNAPSHOT); dynamic: the CRM keeps them by criteria (lists, views). */
  membership: z.enum(['static', 'dynamic']),
  /** Members now, when the CRM says. */
  size: z.number().int().nonnegative().nullable(),
});
export type TCrmList = z.infer<typeof ZCrmList>;

/** GET /api/v1/crm/:platform/lists: every contact list of the connection. */
export const ZCrmListsResponse = z.object({ items: z.array(ZCrmList) });
export type TCrmListsResponse = z.infer<typeof ZCrmListsResponse>;

export const CRM_LIST_ID_MAX = 200;

/** POST /api/v1/segments/crm-lists: a CRM list as a segment; its name defaults to the list's. */
export const ZImportCrmListBody = z.strictObject({
  platform: ZPlatform,
  listId: z.string().trim().min(1, 'Pick a list').max(CRM_LIST_ID_MAX),
  name: ZSegmentName.optional(),
  description: ZSegmentDescription.default(''),
});
export type TImportCrmListBody = z.input<typeof ZImportCrmListBody>;
export type TImportCrmListInput = z.output<typeof ZImportCrmListBody>;
