import { ZContactListResponse } from '../../contacts';
import { ZPlatformParams } from '../../crm-connections';
import {
  ZCreateSegmentBody,
  ZCrmListsResponse,
  ZImportCrmListBody,
  ZDeleteSegmentResponse,
  ZSegment,
  ZSegmentContactsQuery,
  ZSegmentListQuery,
  ZSegmentListResponse,
  ZSegmentParams,
  ZUpdateSegmentBody,
} from '../../segments';
import { defineEndpoint } from '../endpoint';
import type { TErrorCode } from '../error-codes';

const FILTER_NOTE =
  'The filter is GET /crm/contacts\'s filters as JSON (`where` a filter tree); a condition naming a field the caller has not got is a 400 ' +
  'naming it (`filter.where.and.1`). A name another of the caller\'s segments has (whatever its case) is a 409 `conflict`.';

export const createSegment = defineEndpoint({
  operationId: 'createSegment',
  method: 'post',
  path: '/api/v1/segments',
  tag: 'segments',
  summary: 'Save a filter as a segment',
  description: FILTER_NOTE,
  auth: 'user',
  request: { body: ZCreateSegmentBody },
  response: {
    status: 201,
    description: 'The segment, with its counts now',
    schema: ZSegment,
    headers: { Location: { description: 'The new segment: /api/v1/segments/{id}' } },
  },
  errors: ['conflict'],
});

export const listSegments = defineEndpoint({
  operationId: 'listSegments',
  method: 'get',
  path: '/api/v1/segments',
  tag: 'segments',
  summary: 'Segments, newest first (keyset pages), each with its live counts per CRM',
  auth: 'user',
  request: { query: ZSegmentListQuery },
  response: { status: 200, description: 'A page of segments and the cursor of the next', schema: ZSegmentListResponse },
  errors: [],
});

export const getSegment = defineEndpoint({
  operationId: 'getSegment',
  method: 'get',
  path: '/api/v1/segments/:id',
  tag: 'segments',
  summary: 'One segment, with its live counts per CRM',
  auth: 'user',
  request: { params: ZSegmentParams },
  response: { status: 200, description: 'The segment', schema: ZSegment },
  errors: ['not_found'],
});

export const updateSegment = defineEndpoint({
  operationId: 'updateSegment',
  method: 'patch',
  path: '/api/v1/segments/:id',
  tag: 'segments',
  summary: 'Rename a segment, change its description, or replace its filter',
  description: FILTER_NOTE,
  auth: 'user',
  request: { params: ZSegmentParams, body: ZUpdateSegmentBody },
  response: { status: 200, description: 'The segment as it is now', schema: ZSegment },
  errors: ['not_found', 'conflict'],
});

export const deleteSegment = defineEndpoint({
  operationId: 'deleteSegment',
  method: 'delete',
  path: '/api/v1/segments/:id',
  tag: 'segments',
  summary: 'Delete a segment; agents made from it keep the contacts they last took',
  auth: 'user',
  request: { params: ZSegmentParams },
  response: { status: 200, description: 'Deleted, and how many agents now keep their last snapshot', schema: ZDeleteSegmentResponse },
  errors: ['not_found'],
});

export const listSegmentContacts = defineEndpoint({
  operationId: 'listSegmentContacts',
  method: 'get',
  path: '/api/v1/segments/:id/contacts',
  tag: 'segments',
  summary: 'The contacts a segment matches now: GET /crm/contacts with the segment\'s filters',
  description:
    'The same answer, view, sort and paging as GET /crm/contacts. A segment whose filter names a field the caller no longer maps ' +
    'is a 409 `conflict` saying which (its PATCH mends it).',
  auth: 'user',
  request: { params: ZSegmentParams, query: ZSegmentContactsQuery },
  response: { status: 200, description: 'One list (view=unified) or one group per platform (view=separate)', schema: ZContactListResponse },
  errors: ['not_found', 'conflict'],
});

/** Reading a CRM's lists or their members can meet every failure a provider call can. */
const LIST_PROVIDER_ERRORS = [
  'crm_not_connected',
  'crm_auth_revoked',
  'provider_rejected',
  'provider_rate_limited',
  'provider_quota_exhausted',
  'provider_unavailable',
  'provider_timeout',
] as const satisfies readonly TErrorCode[];

const SCOPE_NOTE =
  'A connection made before lists were asked for lacks their scope (HubSpot `crm.lists.read`, Zoho `ZohoCRM.settings.custom_views.READ`): ' +
  'a 422 `provider_rejected` with `details.reason` `missing_scope` until the CRM is reconnected.';

export const listCrmLists = defineEndpoint({
  operationId: 'listCrmLists',
  method: 'get',
  path: '/api/v1/crm/:platform/lists',
  tag: 'segments',
  summary: 'The connected CRM’s contact lists (HubSpot lists, Zoho custom views, Salesforce list views)',
  description: SCOPE_NOTE,
  auth: 'user',
  request: { params: ZPlatformParams },
  response: { status: 200, description: 'Every contact list of the connection', schema: ZCrmListsResponse },
  errors: [...LIST_PROVIDER_ERRORS],
});

export const importCrmList = defineEndpoint({
  operationId: 'importCrmList',
  method: 'post',
  path: '/api/v1/segments/crm-lists',
  tag: 'segments',
  summary: 'Import a CRM list as a segment whose members follow the CRM',
  description:
    'Its members are read now, then after every sync of that connection (and on POST /segments/{id}/refresh). Members the local copy does not ' +
    'hold yet join after the next sync. The same list twice, or a name another segment has, is a 409 `conflict`; a list the CRM does not have is a 404. ' +
    SCOPE_NOTE,
  auth: 'user',
  request: { body: ZImportCrmListBody },
  response: {
    status: 201,
    description: 'The segment, with its members counted',
    schema: ZSegment,
    headers: { Location: { description: 'The new segment: /api/v1/segments/{id}' } },
  },
  errors: ['conflict', 'not_found', ...LIST_PROVIDER_ERRORS],
});

export const refreshSegment = defineEndpoint({
  operationId: 'refreshSegment',
  method: 'post',
  path: '/api/v1/segments/:id/refresh',
  tag: 'segments',
  summary: 'Read a CRM list segment’s members from the CRM now',
  description: 'A filter segment has nothing to refresh (409 `conflict`). ' + SCOPE_NOTE,
  auth: 'user',
  request: { params: ZSegmentParams },
  response: { status: 200, description: 'The segment with its members as the CRM has them now', schema: ZSegment },
  errors: ['not_found', 'conflict', ...LIST_PROVIDER_ERRORS],
});
