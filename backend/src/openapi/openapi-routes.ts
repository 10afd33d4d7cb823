import { endpoints, type TPublicConfig } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { OpenApiDocument } from './build-openapi-document';

/**
 * GET /api/v1/config (where the web app signs in) and GET /api/v1/openapi.json: public, so that
 * the web app can start and a client can be generated before anyone has a token.
 */
export function mountPlatformRoutes(routes: EndpointRouters, deps: { publicConfig: TPublicConfig; openApiDocument: OpenApiDocument }): void {
  mountEndpoint(routes, endpoints.getPublicConfig, async () => deps.publicConfig);
  const document: Record<string, unknown> = { ...deps.openApiDocument };
  mountEndpoint(routes, endpoints.getOpenApiDocument, async () => document, { headers: { 'Cache-Control': 'no-cache' } });
}
