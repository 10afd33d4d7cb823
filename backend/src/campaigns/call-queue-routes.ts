import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { CallQueueService } from './call-queue-service';

/** PATCH /campaigns/:id; /:id/pause, /resume, /cancel; /:id/leases (the calling service), /leases/:leaseId/extend; GET /:id/queue. */
export function mountCallQueueRoutes(routes: EndpointRouters, service: CallQueueService): void {
  mountEndpoint(routes, endpoints.updateCampaign, ({ user, params, body }) => service.updateCampaign(user, params.id, body));
  mountEndpoint(routes, endpoints.pauseCampaign, ({ user, params }) => service.pauseCampaign(user, params.id));
  mountEndpoint(routes, endpoints.resumeCampaign, ({ user, params }) => service.resumeCampaign(user, params.id));
  mountEndpoint(routes, endpoints.cancelCampaign, ({ user, params }) => service.cancelCampaign(user, params.id));
  mountEndpoint(routes, endpoints.leaseCampaignContacts, ({ user, params, body }) => service.leaseContacts(user, params.id, body));
  mountEndpoint(routes, endpoints.extendCampaignLease, ({ user, params, body }) =>
    service.extendLease(user, params.id, params.leaseId, body.leaseSeconds),
  );
  mountEndpoint(routes, endpoints.getCampaignQueue, ({ user, params }) => service.getQueue(user, params.id));
}
