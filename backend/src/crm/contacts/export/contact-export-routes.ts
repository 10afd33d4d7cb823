import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../../http/mount-endpoint';
import { toAttachment } from '../../../http/attachment';
import type { ContactExportService } from './contact-export-service';

/** GET and POST /crm/contacts/export. Mounted before GET /crm/contacts/:id, whose `:id` would take `export`. */
export function mountContactExportRoutes(routes: EndpointRouters, service: ContactExportService): void {
  mountEndpoint(routes, endpoints.exportContacts, async ({ user, query }) => toAttachment(await service.exportContacts(user, query)));
  mountEndpoint(routes, endpoints.exportContactsByBody, async ({ user, body }) => toAttachment(await service.exportContacts(user, body)));
}
