import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import type { ContactWritesService } from './contact-writes-service';
import { readBatchItems, ZNewContactInput } from './new-contact-input';

/**
 * POST /crm/:platform/contacts (201 with the contact) and POST /crm/:platform/contacts/batch
 * (200 with a result per item). Both are idempotent endpoints: mountEndpoint honours their
 * Idempotency-Key header.
 */
export function mountContactWritesRoutes(routes: EndpointRouters, service: ContactWritesService): void {
  mountEndpoint(routes, endpoints.createContact, ({ user, params, body }) => service.createContact(user, params.platform, body), {
    parseBodyWith: ZNewContactInput,
  });
  // The envelope is parsed strictly by the mount; each item here, on its own, so that one bad item fails alone.
  mountEndpoint(routes, endpoints.createContacts, ({ user, params, body }) => service.createContacts(user, params.platform, readBatchItems(body.contacts)));
}
