import { endpoints, type TPhoneRegion } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { CredentialsService } from './credentials/credentials-service';
import type { OAuthService } from './oauth/oauth-service';
import type { CrmRegistry } from './registry';
import type { ConnectionSettingsService } from './sync/connection-settings-service';

export type CrmRoutesDeps = {
  oauth: OAuthService;
  credentials: CredentialsService;
  registry: CrmRegistry;
  settings: ConnectionSettingsService;
  /** SYNC_DEFAULT_PHONE_REGION, shown beside connections that keep the default. */
  defaultPhoneRegion: TPhoneRegion;
};

/**
 * GET /crm/credentials, GET /crm/:platform/oauth, PATCH /crm/:platform/settings, DELETE /crm/:platform,
 * and the provider's redirect back, GET /crm/:platform/callback. The callback is a public endpoint
 * (a browser navigation carries no bearer token; the single-use state names the user), and
 * answers every outcome with a redirect to the web app: its query is read leniently.
 */
export function mountCrmRoutes(routes: EndpointRouters, deps: CrmRoutesDeps): void {
  mountEndpoint(routes, endpoints.completeCrmAuthorization, ({ params, query }) => deps.oauth.completeCallback(params.platform, query), { isQueryLenient: true });

  mountEndpoint(routes, endpoints.listCrmCredentials, async ({ user }) => {
    const connections = await deps.credentials.listConnections(user);
    const available = deps.registry.configured().map((service) => ({ platform: service.platform, isSandbox: service.isSandbox }));
    return { connections, available, serverDefaultPhoneRegion: deps.defaultPhoneRegion };
  });
  mountEndpoint(routes, endpoints.startCrmAuthorization, ({ user, params }) => deps.oauth.startAuthorization(user, params.platform));
  mountEndpoint(routes, endpoints.updateCrmSettings, ({ user, params, body }) => deps.settings.update(user, params.platform, body));
  mountEndpoint(routes, endpoints.disconnectCrm, async ({ user, params }) => ({ platform: params.platform, ...(await deps.credentials.disconnect(user, params.platform)) }));
}
