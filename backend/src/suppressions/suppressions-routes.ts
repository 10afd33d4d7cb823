import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { SuppressionsService } from './suppressions-service';

/** POST/GET /suppressions, POST /suppressions/import (a CSV upload), DELETE /suppressions/:id. */
export function mountSuppressionsRoutes(routes: EndpointRouters, service: SuppressionsService): void {
  mountEndpoint(routes, endpoints.createSuppression, ({ user, body }) => service.addSuppression(user, body));
  mountEndpoint(routes, endpoints.importSuppressions, ({ user, upload }) => service.importSuppressions(user, upload));
  mountEndpoint(routes, endpoints.listSuppressions, ({ user, query }) => service.listSuppressions(user, query));
  mountEndpoint(routes, endpoints.deleteSuppression, ({ user, params }) => service.deleteSuppression(user, params.id));
}
