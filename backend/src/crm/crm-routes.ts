import { endpoints, OAUTH_BROWSER_COOKIE } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { CredentialsService } from './credentials/credentials-service';
import { toOAuthBrowserCookie } from './oauth/oauth-browser-cookie';
import type { OAuthService } from './oauth/oauth-service';
import type { MultiCRMService } from './multi-crm-service';
import type { ConnectionSettingsService } from './sync/connection-settings-service';

export type CrmRoutesDeps = {
  oauth: OAuthService;
  credentials: Pick<CredentialsService, 'disconnect'>;
  multiCrm: Pick<MultiCRMService, 'listConnections'>;
  settings: ConnectionSettingsService;
};

/**
 * GET /crm/credentials, GET /crm/:platform/oauth, PATCH /crm/:platform/settings, DELETE /crm/:platform,
 * and the provider's redirect back, GET /crm/:platform/callback. The callback is a public endpoint
 * (a browser navigation carries no bearer token; the single-use state names the user), and
 * answers every outcome with a redirect to the web app: its query is read leniently.
 */
export function mountCrmRoutes(routes: EndpointRouters, deps: CrmRoutesDeps): void {
  mountEndpoint(
    routes,
    endpoints.completeCrmAuthorization,
    ({ params, query, cookies }) => deps.oauth.completeCallback(params.platform, query, cookies[OAUTH_BROWSER_COOKIE]),
    { isQueryLenient: true },
  );

  mountEndpoint(routes, endpoints.listCrmCredentials, ({ user }) => deps.multiCrm.listConnections(user));
  mountEndpoint(routes, endpoints.startCrmAuthorization, async ({ user, params, query, setCookie }) => {
    const { url, browserBinding } = await deps.oauth.startAuthorization(user, params.platform, query);
    // Only this browser can then finish the flow: the callback checks the cookie against the state.
    setCookie(toOAuthBrowserCookie(browserBinding));
    return { url };
  });
  mountEndpoint(routes, endpoints.updateCrmSettings, ({ user, params, body }) => deps.settings.update(user, params.platform, body));
  mountEndpoint(routes, endpoints.disconnectCrm, async ({ user, params }) => ({ platform: params.platform, ...(await deps.credentials.disconnect(user, params.platform)) }));
}
