import { endpoints } from '@voiceagent/shared';
import { toAttachment } from '../http/attachment';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { CampaignResultsExportService } from './campaign-results-export-service';

/** GET /campaigns/:id/results/export. */
export function mountCampaignResultsExportRoutes(routes: EndpointRouters, service: CampaignResultsExportService): void {
  mountEndpoint(routes, endpoints.exportCampaignResults, async ({ user, params }) => toAttachment(await service.exportResults(user, params.id)));
}
