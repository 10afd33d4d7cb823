import { ZAuditListQuery, ZAuditListResponse } from '../../audit';
import { defineEndpoint } from '../endpoint';

export const listAuditEvents = defineEndpoint({
  operationId: 'listAuditEvents',
  method: 'get',
  path: '/api/v1/audit',
  tag: 'audit',
  summary: 'The user’s activity log, newest first (keyset pages)',
  description:
    'Sign-ins, CRM connections and token failures, services acting for the user, and the starts of agents, campaigns, ' +
    'bulk operations and exports. Kept for AUDIT_RETENTION_DAYS. `from` is inclusive, `to` exclusive.',
  auth: 'user',
  request: { query: ZAuditListQuery },
  response: { status: 200, description: 'A page of events and the cursor of the next', schema: ZAuditListResponse },
  errors: [],
});
