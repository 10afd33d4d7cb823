import express, { type Router } from 'express';
import {
  ZCrmSettingsBody,
  ZPlatformParams,
  type TCrmCredentialsResponse,
  type TCrmSettingsResponse,
  type TDisconnectResponse,
  type TOAuthStartResponse,
  type TPhoneRegion,
} from '@voiceagent/shared';
import { z } from 'zod';
import { getUser } from '../auth/require-user';
import { parseInput } from '../http/validate';
import type { CredentialsService } from './credentials/credentials-service';
import { readOAuthBrowserCookie, setOAuthBrowserCookie } from './oauth/oauth-browser-cookie';
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

/** Callback query values are single strings; repeated or nested parameters are not a provider's doing. */
const ZCallbackQuery = z.record(z.string(), z.string().max(4096));

/**
 * The provider's redirect back to us. It carries no bearer token (it is a browser navigation),
 * so it sits outside requireUser: the single-use state names the user, and the browser-binding
 * cookie proves this is the browser that started the flow.
 */
export function createCrmCallbackRouter(deps: Pick<CrmRoutesDeps, 'oauth'>): Router {
  const router = express.Router();
  router.get('/crm/:platform/callback', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const query = ZCallbackQuery.safeParse(req.query);
    const location = await deps.oauth.completeCallback(platform, query.success ? query.data : {}, readOAuthBrowserCookie(req));
    res.redirect(302, location);
  });
  return router;
}

export function createCrmRouter(deps: CrmRoutesDeps): Router {
  const router = express.Router();

  router.get('/crm/credentials', async (req, res) => {
    const connections = await deps.credentials.listConnections(getUser(req));
    const available = deps.registry.configured().map((service) => ({ platform: service.platform, isSandbox: service.isSandbox }));
    const body: TCrmCredentialsResponse = { connections, available, serverDefaultPhoneRegion: deps.defaultPhoneRegion };
    res.json(body);
  });

  router.get('/crm/:platform/oauth', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const { url, browserBinding } = await deps.oauth.startAuthorization(getUser(req), platform);
    setOAuthBrowserCookie(res, browserBinding);
    const body: TOAuthStartResponse = { url };
    res.json(body);
  });

  router.patch('/crm/:platform/settings', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const settings = parseInput(ZCrmSettingsBody, req.body, 'body');
    const body: TCrmSettingsResponse = await deps.settings.update(getUser(req), platform, settings);
    res.json(body);
  });

  router.delete('/crm/:platform', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const result = await deps.credentials.disconnect(getUser(req), platform);
    const body: TDisconnectResponse = { platform, ...result };
    res.json(body);
  });

  return router;
}
