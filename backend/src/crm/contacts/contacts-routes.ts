import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import { decodeContactCursor } from './contact-cursor';
import type { ContactsService } from './contacts-service';

/** GET /crm/contacts (list, search, filters, keyset pages) and GET /crm/contacts/:id. */
export function mountContactsRoutes(routes: EndpointRouters, service: ContactsService): void {
  mountEndpoint(routes, endpoints.listContacts, ({ user, query }) => {
    const cursor = query.cursor === undefined ? null : decodeContactCursor(query.cursor);
    return service.listContacts(user, query, cursor);
  });
  mountEndpoint(routes, endpoints.getContact, ({ user, params }) => service.getContact(user, params.id));
}
