import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { BulkUpdateService } from './bulk-update-service';

/** POST /bulk-updates (a dry run or a job), GET /bulk-updates/:id, POST /bulk-updates/:id/cancel. */
export function mountBulkRoutes(routes: EndpointRouters, service: BulkUpdateService): void {
  mountEndpoint(routes, endpoints.createBulkUpdate, ({ user, body }) => service.createBulkUpdate(user, body), {
    // A dry run creates nothing: no Location (the mount writes none for an empty one).
    location: (answer) => (answer.dryRun ? '' : buildEndpointPath(endpoints.getBulkUpdate.path, { id: answer.job.id })),
  });
  mountEndpoint(routes, endpoints.getBulkUpdate, ({ user, params, query }) => service.getBulkUpdate(user, params.id, query));
  mountEndpoint(routes, endpoints.cancelBulkUpdate, ({ user, params }) => service.cancelBulkUpdate(user, params.id));
}
