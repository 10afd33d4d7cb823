import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { AuditService } from './audit-service';

/** GET /audit: the user's activity log. */
export function mountAuditRoutes(routes: EndpointRouters, audit: Pick<AuditService, 'list'>): void {
  mountEndpoint(routes, endpoints.listAuditEvents, ({ user, query }) => audit.list(user, query));
}
