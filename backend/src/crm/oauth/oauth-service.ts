import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TOAuthCallbackError, TOAuthCallbackQuery, TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CrmRegistry } from '../registry';
import { toOAuthCallbackError } from './oauth-callback-error';
import * as states from './oauth-state-repository';

const STATE_TTL_MS = 10 * 60 * 1000;

export type OAuthServiceDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: CredentialsService;
  logger: Logger;
  backendUrl: string;
  frontendUrl: string;
  /** Called once a connection is stored (the sync issue starts the first sync here). */
  onConnected?: (userId: string, platform: TPlatform) => Promise<void>;
  now?: () => number;
};

export type OAuthService = ReturnType<typeof createOAuthService>;

/**
 * The OAuth dance. State is server-side: 32 random bytes, stored hashed with the user, platform
 * and a 10-minute expiry, consumed once — never a signed blob a third party could forge or replay.
 */
export function createOAuthService(deps: OAuthServiceDeps) {
  const { pool, registry, credentials, logger } = deps;
  const now = deps.now ?? Date.now;
  const redirectUriFor = (platform: TPlatform) => `${deps.backendUrl}/api/v1/crm/${platform}/callback`;
  // The only place the callback sends a browser: built from configuration, never from input.
  const frontendRedirect = (params: Record<string, string>) => `${deps.frontendUrl}/crm?${new URLSearchParams(params)}`;

  return {
    async startAuthorization(user: AuthenticatedUser, platform: TPlatform): Promise<{ url: string }> {
      const service = registry.get(platform);
      const state = randomBytes(32).toString('base64url');
      await withUser(pool, user.claims, (db) =>
        states.insertState(db, { stateHash: hashState(state), userId: user.id, platform, expiresAt: new Date(now() + STATE_TTL_MS) }),
      );
      return { url: service.buildAuthorizationUrl({ state, redirectUri: redirectUriFor(platform) }) };
    },

    /** Handles the provider's redirect and returns where to send the browser next. */
    async completeCallback(platform: TPlatform, query: TOAuthCallbackQuery): Promise<string> {
      const fail = (code: TOAuthCallbackError, reason: string) => {
        logger.warn({ platform, code, reason }, 'OAuth callback refused');
        return frontendRedirect({ error: code, platform });
      };
      const state = query.state;
      // Consume before anything else: even a denial burns its state, and nothing is exchanged
      // unless the state is known, fresh, unused and issued for this platform.
      const consumed = state && state.length <= 128 ? await withService(pool, (db) => states.consumeState(db, hashState(state))) : undefined;
      if (query.error) return fail('oauth_denied', `provider said ${query.error}`);
      if (!consumed) return fail('oauth_state_invalid', state ? 'unknown or reused state' : 'no state');
      if (consumed.platform !== platform) return fail('oauth_state_invalid', `state was issued for ${consumed.platform}`);
      if (consumed.expires_at.getTime() < now()) return fail('oauth_state_invalid', 'state expired');
      if (!query.code) return fail('oauth_exchange_failed', 'no code');

      try {
        const service = registry.get(platform);
        const result = await service.completeAuthorization({ code: query.code, redirectUri: redirectUriFor(platform), callbackQuery: query });
        await credentials.saveConnection(consumed.user_id, platform, result, service.isSandbox);
        logger.info({ userId: consumed.user_id, platform, account: result.connection.externalAccountId }, 'CRM connected');
      } catch (error) {
        if (error instanceof AppError) return fail(toOAuthCallbackError(error.code), error.message);
        throw error;
      }
      await deps.onConnected?.(consumed.user_id, platform).catch((error: unknown) => {
        // The connection stands; the first sync can be started again by hand.
        logger.error({ err: error, platform }, 'starting the first sync failed');
      });
      return frontendRedirect({ connected: platform });
    },
  };
}

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
