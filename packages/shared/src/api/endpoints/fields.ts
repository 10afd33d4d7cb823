import { ZPlatformParams } from '../../crm-connections';
import { ZCrmFieldCatalogue, ZFieldMappingsBody, ZFieldMappingsResponse } from '../../custom-fields';
import { defineEndpoint } from '../endpoint';
import type { TErrorCode } from '../error-codes';

/** Reading the CRM's catalogue can meet every failure a provider call can. */
const PROVIDER_ERRORS = [
  'crm_not_connected',
  'crm_auth_revoked',
  'provider_rate_limited',
  'provider_quota_exhausted',
  'provider_unavailable',
  'provider_timeout',
] as const satisfies readonly TErrorCode[];

export const listCrmFields = defineEndpoint({
  operationId: 'listCrmFields',
  method: 'get',
  path: '/api/v1/crm/:platform/fields',
  tag: 'crm',
  summary: 'The connected CRM’s contact (and lead) fields: names, labels, types, options',
  description:
    'Answered from the connection’s cached catalogue, read from the CRM after connecting and on refresh; ' +
    'the first call after connecting reads it when nothing is cached yet.',
  auth: 'user',
  request: { params: ZPlatformParams },
  response: { status: 200, description: 'The catalogue and when it was read', schema: ZCrmFieldCatalogue },
  errors: [...PROVIDER_ERRORS],
});

export const refreshCrmFields = defineEndpoint({
  operationId: 'refreshCrmFields',
  method: 'post',
  path: '/api/v1/crm/:platform/fields/refresh',
  tag: 'crm',
  summary: 'Read the CRM’s field catalogue again',
  description: 'Mapped fields the CRM no longer has are marked `broken`; those it has again are `ok` again.',
  auth: 'user',
  request: { params: ZPlatformParams },
  response: { status: 200, description: 'The catalogue as the CRM describes it now', schema: ZCrmFieldCatalogue },
  errors: [...PROVIDER_ERRORS],
});

export const getFieldMappings = defineEndpoint({
  operationId: 'getFieldMappings',
  method: 'get',
  path: '/api/v1/crm/:platform/field-mappings',
  tag: 'crm',
  summary: 'Which CRM fields this connection syncs, and where each goes',
  description: 'Until the user saves a mapping, the CRM’s defaults (time zone, language, do not call, owner where the CRM has them).',
  auth: 'user',
  request: { params: ZPlatformParams },
  response: { status: 200, description: 'The mapping, each field’s label, type and status', schema: ZFieldMappingsResponse },
  errors: ['crm_not_connected'],
});

export const putFieldMappings = defineEndpoint({
  operationId: 'putFieldMappings',
  method: 'put',
  path: '/api/v1/crm/:platform/field-mappings',
  tag: 'crm',
  summary: 'Replace the connection’s field mapping and backfill what changed',
  description:
    'Every field must be in the catalogue and fit its target (a standard field takes its own type). A change starts a ' +
    'full sync (`backfill`) that fills added fields and drops removed ones; incremental syncs then ask for exactly the mapped fields.',
  auth: 'user',
  request: { params: ZPlatformParams, body: ZFieldMappingsBody },
  response: { status: 200, description: 'The saved mapping and the backfill started, if any', schema: ZFieldMappingsResponse },
  errors: ['crm_not_connected', 'validation_failed', ...PROVIDER_ERRORS.slice(1)],
});
