import { ZPlatformParams } from '../../crm-connections';
import { ZSyncAllQuery, ZSyncAllResponse, ZSyncRun, ZSyncRunListQuery, ZSyncRunListResponse, ZSyncRunParams, ZSyncStartQuery, ZSyncStartResponse } from '../../sync';
import { defineEndpoint } from '../endpoint';

export const startAllSyncs = defineEndpoint({
  operationId: 'startAllSyncs',
  method: 'post',
  path: '/api/v1/crm/sync',
  tag: 'sync',
  summary: 'Sync every connected CRM',
  description: 'One result per connected platform; one that cannot start never blocks the others.',
  auth: 'user',
  request: { query: ZSyncAllQuery },
  response: { status: 202, description: 'The runs started (or already running), and the platforms that could not start', schema: ZSyncAllResponse },
  errors: [],
});

export const listSyncRuns = defineEndpoint({
  operationId: 'listSyncRuns',
  method: 'get',
  path: '/api/v1/crm/sync/runs',
  tag: 'sync',
  summary: 'Sync runs, newest first (keyset pages)',
  auth: 'user',
  request: { query: ZSyncRunListQuery },
  response: { status: 200, description: 'A page of runs and the cursor of the next', schema: ZSyncRunListResponse },
  errors: [],
});

export const getSyncRun = defineEndpoint({
  operationId: 'getSyncRun',
  method: 'get',
  path: '/api/v1/crm/sync/runs/:id',
  tag: 'sync',
  summary: 'One sync run: status, counts and progress',
  auth: 'user',
  request: { params: ZSyncRunParams },
  response: { status: 200, description: 'The run', schema: ZSyncRun },
  errors: ['not_found'],
});

export const startPlatformSync = defineEndpoint({
  operationId: 'startPlatformSync',
  method: 'post',
  path: '/api/v1/crm/:platform/sync',
  tag: 'sync',
  summary: 'Sync one CRM now (incremental unless mode=full or none succeeded yet)',
  auth: 'user',
  request: { params: ZPlatformParams, query: ZSyncStartQuery },
  response: { status: 202, description: 'The run started, or the one already queued or running', schema: ZSyncStartResponse },
  errors: ['crm_not_connected', 'crm_auth_revoked'],
});
