import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { CRMCampaignService } from './crm-campaign-service';
import { resolveResultsPrincipal } from './results-principal';

/** POST/GET /campaigns, GET /campaigns/:id, /:id/stats; POST /:id/results (the calling service) and /:id/sync-results. */
export function mountCampaignsRoutes(routes: EndpointRouters, service: CRMCampaignService): void {
  mountEndpoint(routes, endpoints.createCampaign, ({ user, body }) => service.createCampaign(user, body), {
    location: (created) => buildEndpointPath(endpoints.getCampaign.path, { id: created.campaign.id }),
  });
  mountEndpoint(routes, endpoints.listCampaigns, ({ user, query }) => service.listCampaigns(user, query));
  mountEndpoint(routes, endpoints.getCampaign, ({ user, params, query }) => service.getCampaign(user, params.id, query));
  mountEndpoint(routes, endpoints.getCampaignStats, ({ user, params }) => service.getStats(user, params.id));
  mountEndpoint(routes, endpoints.postCampaignResults, ({ user, params, body }) => service.recordResults(resolveResultsPrincipal(user), params.id, body));
  mountEndpoint(routes, endpoints.syncCampaignResults, ({ user, params }) => service.syncResults(user, params.id));
}
