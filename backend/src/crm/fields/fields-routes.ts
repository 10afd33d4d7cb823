import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import type { FieldCatalogueService } from './field-catalogue-service';
import type { FieldMappingsService } from './field-mappings-service';

export type FieldsRoutesDeps = {
  catalogue: Pick<FieldCatalogueService, 'get' | 'refresh'>;
  mappings: Pick<FieldMappingsService, 'get' | 'replace'>;
};

/** GET /crm/:platform/fields, POST …/fields/refresh, GET and PUT …/field-mappings. */
export function mountFieldsRoutes(routes: EndpointRouters, deps: FieldsRoutesDeps): void {
  mountEndpoint(routes, endpoints.listCrmFields, ({ user, params }) => deps.catalogue.get(user, params.platform));
  mountEndpoint(routes, endpoints.refreshCrmFields, ({ user, params }) => deps.catalogue.refresh(user, params.platform));
  mountEndpoint(routes, endpoints.getFieldMappings, ({ user, params }) => deps.mappings.get(user, params.platform));
  mountEndpoint(routes, endpoints.putFieldMappings, ({ user, params, body }) => deps.mappings.replace(user, params.platform, body));
}
