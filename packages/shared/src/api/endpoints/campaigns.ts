import {
  ZCampaignContactContext,
  ZCampaignContactParams,
  ZCampaignDetail,
  ZCampaignDetailQuery,
  ZCampaignListQuery,
  ZCampaignListResponse,
  ZCampaignParams,
  ZCampaignStats,
  ZCreateCampaignBody,
  ZCreateCampaignResponse,
  ZPostResultsBody,
  ZPostResultsResponse,
  ZSyncResultsResponse,
} from '../../campaigns';
import { defineEndpoint } from '../endpoint';

export const createCampaign = defineEndpoint({
  operationId: 'createCampaign',
  method: 'post',
  path: '/api/v1/campaigns',
  tag: 'campaigns',
  summary: 'Create a campaign: an agent calling its snapshot, or picked or filtered contacts, one per phone number',
  auth: 'user',
  request: { body: ZCreateCampaignBody },
  response: {
    status: 201,
    description: 'The campaign, and how many contacts were taken, merged or uncallable',
    schema: ZCreateCampaignResponse,
    headers: { Location: { description: 'The new campaign: /api/v1/campaigns/{id}' } },
  },
  errors: [],
});

export const listCampaigns = defineEndpoint({
  operationId: 'listCampaigns',
  method: 'get',
  path: '/api/v1/campaigns',
  tag: 'campaigns',
  summary: 'Campaigns, newest first (keyset pages)',
  auth: 'user',
  request: { query: ZCampaignListQuery },
  response: { status: 200, description: 'A page of campaigns and the cursor of the next', schema: ZCampaignListResponse },
  errors: [],
});

export const getCampaign = defineEndpoint({
  operationId: 'getCampaign',
  method: 'get',
  path: '/api/v1/campaigns/:id',
  tag: 'campaigns',
  summary: 'One campaign with a page of its contacts and their latest call',
  auth: 'user',
  request: { params: ZCampaignParams, query: ZCampaignDetailQuery },
  response: { status: 200, description: 'The campaign', schema: ZCampaignDetail },
  errors: ['not_found'],
});

export const getCampaignStats = defineEndpoint({
  operationId: 'getCampaignStats',
  method: 'get',
  path: '/api/v1/campaigns/:id/stats',
  tag: 'campaigns',
  summary: 'Call outcomes and CRM write-backs of a campaign, per platform',
  auth: 'user',
  request: { params: ZCampaignParams },
  response: { status: 200, description: 'Counts per platform and in total', schema: ZCampaignStats },
  errors: ['not_found'],
});

export const postCampaignResults = defineEndpoint({
  operationId: 'postCampaignResults',
  method: 'post',
  path: '/api/v1/campaigns/:id/results',
  tag: 'campaigns',
  summary: 'Report calls (the calling service); each new call is logged in the contact’s CRM',
  description:
    'Up to 500 results as `{ "results": [...] }`, or one result on its own. Idempotent per `callId`: a call reported ' +
    'again is answered as a duplicate and written back once. Usually sent with a service token acting for the user.',
  auth: 'user',
  request: { params: ZCampaignParams, body: ZPostResultsBody },
  response: { status: 200, description: 'Per result, in input order, whether it was new', schema: ZPostResultsResponse },
  errors: ['not_found', 'conflict'],
});

export const syncCampaignResults = defineEndpoint({
  operationId: 'syncCampaignResults',
  method: 'post',
  path: '/api/v1/campaigns/:id/sync-results',
  tag: 'campaigns',
  summary: 'Queue again the write-backs of this campaign’s calls that have not reached the CRM',
  auth: 'user',
  request: { params: ZCampaignParams },
  response: { status: 202, description: 'How many write-backs were queued again', schema: ZSyncResultsResponse },
  errors: ['not_found'],
});

export const getCampaignContactContext = defineEndpoint({
  operationId: 'getCampaignContactContext',
  method: 'get',
  path: '/api/v1/campaigns/:id/contacts/:contactId/context',
  tag: 'campaigns',
  summary: 'What the calling service needs to call one contact: its fields, and the agent’s greeting and instructions rendered for it',
  description:
    '`contactId` is the campaign contact’s id (the `campaignContactId` results are reported with). The fields are the synced ' +
    'contact’s as they are now; once it is gone from the CRM, the campaign’s snapshot. Usually sent with a service token acting for the user.',
  auth: 'user',
  request: { params: ZCampaignContactParams },
  response: { status: 200, description: 'The contact’s fields and the rendered prompts', schema: ZCampaignContactContext },
  errors: ['not_found'],
});
