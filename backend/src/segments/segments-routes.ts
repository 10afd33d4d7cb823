import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { decodeContactCursor } from '../crm/contacts/contact-cursor';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { SegmentsService } from './segments-service';

/** /segments CRUD, GET /segments/:id/contacts (the contacts list with the segment's filters), and CRM lists as segments. */
export function mountSegmentsRoutes(routes: EndpointRouters, service: SegmentsService): void {
  mountEndpoint(routes, endpoints.createSegment, ({ user, body }) => service.createSegment(user, body), {
    location: (created) => buildEndpointPath(endpoints.getSegment.path, { id: created.id }),
  });
  mountEndpoint(routes, endpoints.listSegments, ({ user, query }) => service.listSegments(user, query));
  mountEndpoint(routes, endpoints.getSegment, ({ user, params }) => service.getSegment(user, params.id));
  mountEndpoint(routes, endpoints.updateSegment, ({ user, params, body }) => service.updateSegment(user, params.id, body));
  mountEndpoint(routes, endpoints.deleteSegment, ({ user, params }) => service.deleteSegment(user, params.id));
  mountEndpoint(routes, endpoints.importCrmList, ({ user, body }) => service.importCrmList(user, body), {
    location: (created) => buildEndpointPath(endpoints.getSegment.path, { id: created.id }),
  });
  mountEndpoint(routes, endpoints.refreshSegment, ({ user, params }) => service.refreshSegment(user, params.id));
  mountEndpoint(routes, endpoints.listCrmLists, ({ user, params }) => service.listCrmLists(user, params.platform));
  mountEndpoint(routes, endpoints.listSegmentContacts, ({ user, params, query }) =>
    service.listSegmentContacts(user, params.id, query, query.cursor === undefined ? null : decodeContactCursor(query.cursor)),
  );
}
