import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { toAttachment } from '../http/attachment';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { ImportsService } from './imports-service';

/** POST /crm/:platform/imports (multipart upload); GET /imports/:id, POST /imports/:id/start and /cancel, GET /imports/:id/report. */
export function mountImportRoutes(routes: EndpointRouters, imports: ImportsService): void {
  mountEndpoint(routes, endpoints.createImport, ({ user, params, upload }) => imports.createImport(user, params.platform, upload), {
    location: (answer) => buildEndpointPath(endpoints.getImport.path, { id: answer.import.id }),
  });
  mountEndpoint(routes, endpoints.getImport, ({ user, params }) => imports.getImport(user, params.id));
  mountEndpoint(routes, endpoints.startImport, ({ user, params, body }) => imports.startImport(user, params.id, body.mapping));
  mountEndpoint(routes, endpoints.cancelImport, ({ user, params }) => imports.cancelImport(user, params.id));
  mountEndpoint(routes, endpoints.getImportReport, async ({ user, params }) => toAttachment(await imports.getReport(user, params.id)));
}
