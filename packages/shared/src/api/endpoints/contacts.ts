import { z } from 'zod';
import {
  IDEMPOTENCY_KEY_HEADER,
  ZContact,
  ZContactListQuery,
  ZContactListResponse,
  ZContactParams,
  ZContactQueryBody,
  ZCreateContactsBody,
  ZCreateContactsEnvelope,
  ZCreateContactsResponse,
  ZIdempotencyKey,
  ZNewContact,
} from '../../contacts';
import { ZFilterFieldsResponse } from '../../contact-filter-tree';
import { ZPlatformParams } from '../../crm-connections';
import { defineEndpoint } from '../endpoint';
import type { TErrorCode } from '../error-codes';

const ZIdempotencyHeaders = z.object({ [IDEMPOTENCY_KEY_HEADER]: ZIdempotencyKey.optional() });
const IDEMPOTENCY_NOTE =
  `With an \`${IDEMPOTENCY_KEY_HEADER}\` header, a retry with the same key and body creates nothing again and gets ` +
  'the first response (with `Idempotent-Replayed: true`); keys last 24 hours.';
const CREATE_ERRORS = [
  'crm_not_connected',
  'crm_auth_revoked',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'provider_rate_limited',
  'provider_unavailable',
  'provider_timeout',
] as const satisfies readonly TErrorCode[];

export const listContacts = defineEndpoint({
  operationId: 'listContacts',
  method: 'get',
  path: '/api/v1/crm/contacts',
  tag: 'contacts',
  summary: 'List and search contacts across CRMs (keyset pages, counts)',
  description:
    'Unknown parameters are a 400 naming them. `cursor` is a `nextCursor` sent back with the same filters. `where` is a filter ' +
    'tree (FilterNode) as URL-encoded JSON of at most 4,000 characters (a larger one goes to POST /crm/contacts/query); the ' +
    'fields it may name are GET /crm/contacts/filter-fields. A condition on a missing value is false, also under `not`.',
  auth: 'user',
  request: { query: ZContactListQuery },
  response: { status: 200, description: 'One list (view=unified) or one group per platform (view=separate)', schema: ZContactListResponse },
  errors: [],
});

export const queryContacts = defineEndpoint({
  operationId: 'queryContacts',
  method: 'post',
  path: '/api/v1/crm/contacts/query',
  tag: 'contacts',
  summary: 'List contacts by a JSON body: the same list, for a filter tree too large for a URL',
  description:
    'The body holds GET /crm/contacts\'s parameters as JSON (`where` a filter tree, not a string). A condition naming a field ' +
    'the caller has not got, an operator its kind does not take, or a value of the wrong shape is a 400 whose `details.issues` ' +
    'name the condition by its path (`where.and.1`). Reads only; nothing is stored.',
  auth: 'user',
  request: { body: ZContactQueryBody },
  response: { status: 200, description: 'One list (view=unified) or one group per platform (view=separate)', schema: ZContactListResponse },
  errors: [],
});

export const listContactFilterFields = defineEndpoint({
  operationId: 'listContactFilterFields',
  method: 'get',
  path: '/api/v1/crm/contacts/filter-fields',
  tag: 'contacts',
  summary: 'The fields a filter tree may name: standard ones and the caller\'s mapped custom fields, with their operators',
  auth: 'user',
  request: {},
  response: { status: 200, description: 'Standard fields first, then mapped custom fields by key', schema: ZFilterFieldsResponse },
  errors: [],
});

export const getContact = defineEndpoint({
  operationId: 'getContact',
  method: 'get',
  path: '/api/v1/crm/contacts/:id',
  tag: 'contacts',
  summary: 'One contact',
  auth: 'user',
  request: { params: ZContactParams },
  response: { status: 200, description: 'The contact', schema: ZContact },
  errors: ['not_found'],
});

export const createContact = defineEndpoint({
  operationId: 'createContact',
  method: 'post',
  path: '/api/v1/crm/:platform/contacts',
  tag: 'contacts',
  summary: 'Create a contact at the CRM, and store it here',
  description: IDEMPOTENCY_NOTE,
  auth: 'user',
  request: { params: ZPlatformParams, headers: ZIdempotencyHeaders, body: ZNewContact },
  response: { status: 201, description: 'Created at the CRM and stored', schema: ZContact },
  errors: [...CREATE_ERRORS, 'crm_duplicate', 'provider_rejected'],
  isIdempotent: true,
});

export const createContacts = defineEndpoint({
  operationId: 'createContacts',
  method: 'post',
  path: '/api/v1/crm/:platform/contacts/batch',
  tag: 'contacts',
  summary: 'Create up to 100 contacts at the CRM, with a verdict for each',
  description: 'The envelope is checked strictly (400); each item is checked on its own and fails alone, in its result. ' + IDEMPOTENCY_NOTE,
  auth: 'user',
  request: { params: ZPlatformParams, headers: ZIdempotencyHeaders, body: ZCreateContactsBody, bodyEnvelope: ZCreateContactsEnvelope },
  response: { status: 200, description: 'One result per item, in input order (also when some or all failed)', schema: ZCreateContactsResponse },
  errors: CREATE_ERRORS,
  isIdempotent: true,
});
