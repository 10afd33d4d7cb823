import { ZAgentParams } from '../../agents';
import {
  ZBulkDeleteBody,
  ZBulkDeleteResponse,
  ZBulkJobCancelResponse,
  ZBulkJobDetail,
  ZBulkJobParams,
  ZBulkJobQuery,
  ZBulkUpdateBody,
  ZBulkUpdateResponse,
  ZRemoveAgentContactsBody,
  ZRemoveAgentContactsResponse,
} from '../../bulk-jobs';
import { defineEndpoint } from '../endpoint';

export const createBulkUpdate = defineEndpoint({
  operationId: 'createBulkUpdate',
  method: 'post',
  path: '/api/v1/bulk-updates',
  tag: 'bulk',
  summary: 'Set a field to a value in the CRMs themselves, for every selected contact (a job)',
  description:
    'The field is a CRM field API name from that connection’s field catalogue, per CRM and object; it must be writable and ' +
    'the value must fit its type and options. With `dryRun: true` the answer is the number of contacts each CRM would update, ' +
    'and nothing is queued. Otherwise the job is queued and answered; follow it with GET /api/v1/bulk-updates/{id}. The ' +
    'contacts listed here show the new values after the incremental sync the job queues for each CRM it touched when it ends.',
  auth: 'user',
  request: { body: ZBulkUpdateBody },
  response: {
    status: 202,
    description: 'The counts of a dry run, or the queued job',
    schema: ZBulkUpdateResponse,
    headers: { Location: { description: 'The job (absent for a dry run): /api/v1/bulk-updates/{id}' } },
  },
  errors: ['crm_not_connected', 'crm_auth_revoked'],
});

export const getBulkUpdate = defineEndpoint({
  operationId: 'getBulkUpdate',
  method: 'get',
  path: '/api/v1/bulk-updates/:id',
  tag: 'bulk',
  summary: 'A bulk update’s status, counts and progress, with a page of its rows (failed first, or one status)',
  auth: 'user',
  request: { params: ZBulkJobParams, query: ZBulkJobQuery },
  response: { status: 200, description: 'The job and a page of its rows', schema: ZBulkJobDetail },
  errors: ['not_found'],
});

export const cancelBulkUpdate = defineEndpoint({
  operationId: 'cancelBulkUpdate',
  method: 'post',
  path: '/api/v1/bulk-updates/:id/cancel',
  tag: 'bulk',
  summary: 'Stop a bulk update before its next batch; the rows not yet sent are skipped',
  description: 'A batch already sent to a CRM is answered and recorded. Cancelling a finished job changes nothing.',
  auth: 'user',
  request: { params: ZBulkJobParams },
  response: { status: 200, description: 'The job as it stands', schema: ZBulkJobCancelResponse },
  errors: ['not_found'],
});

export const removeAgentContacts = defineEndpoint({
  operationId: 'removeAgentContacts',
  method: 'post',
  path: '/api/v1/agents/:id/contacts/remove',
  tag: 'bulk',
  summary: 'Take contacts off an agent’s list (its snapshot); nothing changes in the CRMs',
  description: '`contactIds` are ids of the agent’s list (`GET /api/v1/agents/{id}/contacts` items). Ids not on the list are ignored; the answer counts those removed.',
  auth: 'user',
  request: { params: ZAgentParams, body: ZRemoveAgentContactsBody },
  response: { status: 200, description: 'How many were removed, and how many the agent calls now', schema: ZRemoveAgentContactsResponse },
  errors: ['not_found'],
});

export const createBulkDelete = defineEndpoint({
  operationId: 'createBulkDelete',
  method: 'post',
  path: '/api/v1/bulk-deletes',
  tag: 'bulk',
  summary: 'Archive the selected contacts in their CRMs (a job); `confirm: true` required',
  description:
    'HubSpot archives the contacts; Zoho and Salesforce move them to their recycle bins. Each CRM’s batch endpoint is used ' +
    'within its limits; contacts a CRM archived are removed from the lists here at once. Follow it with GET /api/v1/bulk-deletes/{id}.',
  auth: 'user',
  request: { body: ZBulkDeleteBody },
  response: {
    status: 202,
    description: 'The queued job',
    schema: ZBulkDeleteResponse,
    headers: { Location: { description: 'The job: /api/v1/bulk-deletes/{id}' } },
  },
  errors: [],
});

export const getBulkDelete = defineEndpoint({
  operationId: 'getBulkDelete',
  method: 'get',
  path: '/api/v1/bulk-deletes/:id',
  tag: 'bulk',
  summary: 'A bulk archive’s status, counts and progress, with a page of its rows (failed first, or one status)',
  auth: 'user',
  request: { params: ZBulkJobParams, query: ZBulkJobQuery },
  response: { status: 200, description: 'The job and a page of its rows', schema: ZBulkJobDetail },
  errors: ['not_found'],
});

export const cancelBulkDelete = defineEndpoint({
  operationId: 'cancelBulkDelete',
  method: 'post',
  path: '/api/v1/bulk-deletes/:id/cancel',
  tag: 'bulk',
  summary: 'Stop a bulk archive before its next batch; the rows not yet sent are skipped',
  auth: 'user',
  request: { params: ZBulkJobParams },
  response: { status: 200, description: 'The job as it stands', schema: ZBulkJobCancelResponse },
  errors: ['not_found'],
});
