import {
  ZCampaignQueue,
  ZCreateSuppressionBody,
  ZExtendLeaseBody,
  ZExtendLeaseResponse,
  ZLeaseParams,
  ZLeaseRequest,
  ZLeaseResponse,
  ZSuppression,
  ZSuppressionImportResult,
  ZSuppressionImportUpload,
  ZSuppressionListQuery,
  ZSuppressionListResponse,
  ZSuppressionParams,
} from '../../call-queue';
import { ZCampaignParams, ZCampaignResponse, ZUpdateCampaignBody, ZCampaign } from '../../campaigns';
import { z } from 'zod';
import { defineEndpoint } from '../endpoint';

export const updateCampaign = defineEndpoint({
  operationId: 'updateCampaign',
  method: 'patch',
  path: '/api/v1/campaigns/:id',
  tag: 'campaigns',
  summary: 'Rename a campaign or change its calling rules (window, excluded dates, unknown time zones, dates, attempts, retry delays)',
  auth: 'user',
  request: { params: ZCampaignParams, body: ZUpdateCampaignBody },
  response: { status: 200, description: 'The campaign as it is now', schema: ZCampaign },
  errors: ['not_found'],
});

const transition = (name: 'pause' | 'resume' | 'cancel', summary: string) =>
  defineEndpoint({
    operationId: `${name}Campaign` as const,
    method: 'post',
    path: `/api/v1/campaigns/:id/${name}` as const,
    tag: 'campaigns',
    summary,
    auth: 'user',
    request: { params: ZCampaignParams },
    response: { status: 200, description: 'The campaign as it is now', schema: ZCampaignResponse },
    errors: ['not_found', 'conflict'],
  });

export const pauseCampaign = transition('pause', 'Pause a running campaign: it hands out no leases until resumed (leases already out stay valid)');
export const resumeCampaign = transition('resume', 'Resume a paused campaign');
export const cancelCampaign = transition('cancel', 'Cancel a running or paused campaign for good: it never hands out a lease again');

export const leaseCampaignContacts = defineEndpoint({
  operationId: 'leaseCampaignContacts',
  method: 'post',
  path: '/api/v1/campaigns/:id/leases',
  tag: 'campaigns',
  summary: 'Take up to `limit` contacts that may be called now (the calling service), each leased to the caller for `leaseSeconds`',
  description:
    'A contact is offered when the campaign is running, it is inside the campaign’s window in its own time zone (days, hours, ' +
    'excluded dates, start and end dates), its number is not suppressed, its CRM record is not do-not-call and has not refused ' +
    'consent, it has attempts left, its retry time has passed, and no unexpired lease holds it. Posting its result completes the ' +
    'lease; a lease not completed or extended in time returns the contact to the queue. Fewer than `limit` (or none) come back ' +
    'when fewer are callable now.',
  auth: 'user',
  request: { params: ZCampaignParams, body: ZLeaseRequest },
  response: { status: 200, description: 'The leases, with the number to dial and the rendered prompts', schema: ZLeaseResponse },
  errors: ['not_found'],
});

export const extendCampaignLease = defineEndpoint({
  operationId: 'extendCampaignLease',
  method: 'post',
  path: '/api/v1/campaigns/:id/leases/:leaseId/extend',
  tag: 'campaigns',
  summary: 'Keep a lease `leaseSeconds` longer from now (a call still running)',
  auth: 'user',
  request: { params: ZLeaseParams, body: ZExtendLeaseBody },
  response: { status: 200, description: 'The lease’s new expiry', schema: ZExtendLeaseResponse },
  errors: ['not_found', 'conflict'],
});

export const getCampaignQueue = defineEndpoint({
  operationId: 'getCampaignQueue',
  method: 'get',
  path: '/api/v1/campaigns/:id/queue',
  tag: 'campaigns',
  summary: 'Where the campaign’s contacts stand now: callable, waiting for their window or a retry, leased, done, suppressed',
  auth: 'user',
  request: { params: ZCampaignParams },
  response: { status: 200, description: 'Counts, and when the next window opens', schema: ZCampaignQueue },
  errors: ['not_found'],
});

export const createSuppression = defineEndpoint({
  operationId: 'createSuppression',
  method: 'post',
  path: '/api/v1/suppressions',
  tag: 'campaigns',
  summary: 'Never call a number again, from any CRM or campaign (a number already listed answers its entry)',
  description:
    'With the user\'s `suppressionWriteBack` setting on (GET/PATCH /api/v1/me/settings), a new number is also set as do-not-call on its ' +
    'contacts and leads in the connected CRMs by a bulk update; `crmWriteBack` says where that stands (as on every listed suppression).',
  auth: 'user',
  request: { body: ZCreateSuppressionBody },
  response: { status: 201, description: 'The suppression', schema: ZSuppression },
  errors: ['not_found'],
});

export const importSuppressions = defineEndpoint({
  operationId: 'importSuppressions',
  method: 'post',
  path: '/api/v1/suppressions/import',
  tag: 'campaigns',
  summary: 'Add the numbers of a CSV to the suppression list (source `csv`)',
  description:
    'multipart/form-data with one part, `file` (or the CSV itself as the body, Content-Type text/csv). Either one number per row ' +
    '(the first column is read), or a header line naming a `phone` column (also `number`, `phone number`, `mobile`). At most ' +
    '100,000 data rows and 10 MB. Numbers are read as the contacts’ are (the default region applies to national forms); ' +
    'rows that are not numbers are reported, not fatal.',
  auth: 'user',
  request: { body: ZSuppressionImportUpload, bodyContentType: 'multipart/form-data' },
  response: { status: 200, description: 'How many numbers were added, how many the list had, and the rows that were not numbers', schema: ZSuppressionImportResult },
  errors: ['payload_too_large', 'unsupported_media_type'],
});

export const listSuppressions = defineEndpoint({
  operationId: 'listSuppressions',
  method: 'get',
  path: '/api/v1/suppressions',
  tag: 'campaigns',
  summary: 'The suppressed numbers, newest first (keyset pages)',
  auth: 'user',
  request: { query: ZSuppressionListQuery },
  response: { status: 200, description: 'A page of suppressions and the cursor of the next', schema: ZSuppressionListResponse },
  errors: [],
});

export const deleteSuppression = defineEndpoint({
  operationId: 'deleteSuppression',
  method: 'delete',
  path: '/api/v1/suppressions/:id',
  tag: 'campaigns',
  summary: 'Allow a suppressed number to be called again',
  auth: 'user',
  request: { params: ZSuppressionParams },
  response: { status: 200, description: 'Deleted', schema: z.object({ id: z.uuid(), deleted: z.literal(true) }) },
  errors: ['not_found'],
});
