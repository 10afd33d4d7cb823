import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { AgentContactRemovalService } from '../agents/agent-contact-removal-service';
import type { BulkServices } from './bulk-module';

/**
 * POST /bulk-updates (a dry run or a job) and /bulk-deletes, each with GET /:id and POST /:id/cancel;
 * POST /agents/:id/contacts/remove.
 */
export function mountBulkRoutes(routes: EndpointRouters, bulk: BulkServices, agentContacts: AgentContactRemovalService): void {
  mountEndpoint(routes, endpoints.createBulkUpdate, ({ user, body }) => bulk.updates.createBulkUpdate(user, body), {
    // A dry run creates nothing: no Location (the mount writes none for an empty one).
    location: (answer) => (answer.dryRun ? '' : buildEndpointPath(endpoints.getBulkUpdate.path, { id: answer.job.id })),
  });
  mountEndpoint(routes, endpoints.getBulkUpdate, ({ user, params, query }) => bulk.jobs.getJob(user, 'crm_update', params.id, query));
  mountEndpoint(routes, endpoints.cancelBulkUpdate, ({ user, params }) => bulk.jobs.cancelJob(user, 'crm_update', params.id));
  mountEndpoint(routes, endpoints.createBulkDelete, ({ user, body }) => bulk.deletes.createBulkDelete(user, body), {
    location: (answer) => buildEndpointPath(endpoints.getBulkDelete.path, { id: answer.job.id }),
  });
  mountEndpoint(routes, endpoints.getBulkDelete, ({ user, params, query }) => bulk.jobs.getJob(user, 'crm_archive', params.id, query));
  mountEndpoint(routes, endpoints.cancelBulkDelete, ({ user, params }) => bulk.jobs.cancelJob(user, 'crm_archive', params.id));
  mountEndpoint(routes, endpoints.removeAgentContacts, ({ user, params, body }) => agentContacts.removeContacts(user, params.id, body.contactIds));
}
