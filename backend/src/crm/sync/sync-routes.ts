import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import type { MultiCRMService } from '../multi-crm-service';
import type { SyncService } from './sync-service';

/**
 * POST /crm/sync, POST /crm/:platform/sync (202: the sync runs in the background), and the run
 * history and progress under GET /crm/sync/runs. Mounted after the CRM routes.
 */
export function mountSyncRoutes(routes: EndpointRouters, { sync, multiCrm }: { sync: SyncService; multiCrm: Pick<MultiCRMService, 'syncAll'> }): void {
  mountEndpoint(routes, endpoints.startAllSyncs, ({ user }) => multiCrm.syncAll(user));
  mountEndpoint(routes, endpoints.listSyncRuns, ({ user, query }) => sync.listRuns(user, query));
  mountEndpoint(routes, endpoints.getSyncRun, ({ user, params }) => sync.getRun(user, params.id));
  mountEndpoint(routes, endpoints.startPlatformSync, ({ user, params, query }) => sync.startSync(user, params.platform, query.mode));
}
