import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import { decodeContactCursor } from './contact-cursor';
import type { ContactsService } from './contacts-service';

/**
 * GET /crm/contacts and POST /crm/contacts/query (list, search, filters, keyset pages), the
 * fields a filter may name, and GET /crm/contacts/:id (mounted last: its `:id` would take
 * `filter-fields`).
 */
export function mountContactsRoutes(routes: EndpointRouters, service: ContactsService): void {
  mountEndpoint(routes, endpoints.listContacts, ({ user, query }) => service.listContacts(user, query, decodeCursor(query.cursor)));
  mountEndpoint(routes, endpoints.queryContacts, ({ user, body }) => service.listContacts(user, body, decodeCursor(body.cursor)));
  mountEndpoint(routes, endpoints.listContactFilterFields, ({ user }) => service.listFilterFields(user));
  mountEndpoint(routes, endpoints.getContact, ({ user, params }) => service.getContact(user, params.id));
}

function decodeCursor(cursor: string | undefined) {
  return cursor === undefined ? null : decodeContactCursor(cursor);
}
