import express, { type Router } from 'express';
import {
  ZPlatformParams,
  type TCrmCredentialsResponse,
  type TDisconnectResponse,
  type TOAuthStartResponse,
} from '@voiceagent/shared';
import { z } from 'zod';
import { getUser } from '../auth/require-user';
import { parseInput } from '../http/validate';
import type { CredentialsService } from './credentials/credentials-service';
import type { OAuthService } from './oauth/oauth-service';
import type { CrmRegistry } from './registry';

export type CrmRoutesDeps = { oauth: OAuthService; credentials: CredentialsService; registry: CrmRegistry };

/** Callback query values are single strings; repeated or nested parameters are not a provider's doing. */
const ZCallbackQuery = z.record(z.string(), z.string().max(4096));

/**
 * The provider's redirect back to us. It carries no bearer token (it is a browser navigation),
 * so it sits outside requireUser: the single-use state names the user.
 */
export function createCrmCallbackRouter(deps: Pick<CrmRoutesDeps, 'oauth'>): Router {
  const router = express.Router();
  router.get('/crm/:platform/callback', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const query = ZCallbackQuery.safeParse(req.query);
    const location = await deps.oauth.completeCallback(platform, query.success ? query.data : {});
    res.redirect(302, location);
  });
  return router;
}

export function createCrmRouter(deps: CrmRoutesDeps): Router {
  const router = express.Router();

  router.get('/crm/credentials', async (req, res) => {
    const connections = await deps.credentials.listConnections(getUser(req));
    const available = deps.registry.configured().map((service) => ({ platform: service.platform, isSandbox: service.isSandbox }));
    const body: TCrmCredentialsResponse = { connections, available };
    res.json(body);
  });

  router.get('/crm/:platform/oauth', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const body: TOAuthStartResponse = await deps.oauth.startAuthorization(getUser(req), platform);
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
