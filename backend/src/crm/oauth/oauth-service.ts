import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ZSalesforceLoginHost, type TOAuthCallbackError, type TOAuthCallbackQuery, type TOAuthStartQuery, type TPlatform } from '@voiceagent/shared';
import type { AuditService } from '../../audit/audit-service';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CrmRegistry } from '../registry';
import { toOAuthCallbackError } from './oauth-callback-error';
import * as states from './oauth-state-repository';
import { createPkcePair } from './pkce';

const STATE_TTL_MS = 10 * 60 * 1000;

export type OAuthServiceDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: CredentialsService;
  logger: Logger;
  backendUrl: string;
  frontendUrl: string;
  /** The activity log: connections, reconnections and refused callbacks. */
  audit?: Pick<AuditService, 'record'>;
  /** Called once a connection is stored (the sync issue starts the first sync here). */
  onConnected?: (userId: string, platform: TPlatform) => Promise<void>;
  now?: () => number;
};

export type OAuthService = ReturnType<typeof createOAuthService>;

/**
 * A secret the browser that starts a flow must bring back to the callback (the routes carry it
 * in an HttpOnly cookie scoped to `callbackUrl`); only its hash is stored with the state.
 */
export type BrowserBinding = { value: string; callbackUrl: string; maxAgeSeconds: number };

export type OAuthStart = { url: string; browserBinding: BrowserBinding };

/**
 * The OAuth dance. State is server-side: 32 random bytes, stored hashed with the user, platform
 * and a 10-minute expiry, consumed once — never a signed blob a third party could forge or replay.
 * The state names the user who started the flow, so it is also bound to the browser that started
 * it: a consent link forwarded to someone else completes nowhere, instead of attaching their CRM
 * to the sender's account. Providers that take PKCE get an S256 challenge; its verifier stays
 * with the state until the token exchange.
 */
export function createOAuthService(deps: OAuthServiceDeps) {
  const { pool, registry, credentials, logger } = deps;
  const now = deps.now ?? Date.now;
  const redirectUriFor = (platform: TPlatform) => `${deps.backendUrl}/api/v1/crm/${platform}/callback`;
  // The only place the callback sends a browser: built from configuration, never from input.
  const frontendRedirect = (params: Record<string, string>) => `${deps.frontendUrl}/crm?${new URLSearchParams(params)}`;

  return {
    async startAuthorization(user: AuthenticatedUser, platform: TPlatform, options: TOAuthStartQuery = {}): Promise<OAuthStart> {
      const service = registry.get(platform);
      const { loginHost } = options;
      if (loginHost !== undefined && !service.supportsLoginHost) {
        throw new AppError('validation_failed', `Invalid query: loginHost (${platform} has no login host to choose; it is for Salesforce)`, {
          issues: [{ field: 'loginHost', message: `not taken by ${platform}` }],
        });
      }
      const state = randomBytes(32).toString('base64url');
      const binding = randomBytes(32).toString('base64url');
      const pkce = service.supportsPkce ? createPkcePair() : undefined;
      // The server's row (expiry, single use): users have no privileges on oauth_states (0110).
      await withService(pool, (db) =>
        states.insertState(db, {
          stateHash: sha256Hex(state),
          userId: user.id,
          platform,
          expiresAt: new Date(now() + STATE_TTL_MS),
          browserBindingHash: sha256Hex(binding),
          codeVerifier: pkce?.verifier ?? null,
          loginHost: loginHost ?? null,
        }),
      );
      const redirectUri = redirectUriFor(platform);
      return {
        url: service.buildAuthorizationUrl({ state, redirectUri, codeChallenge: pkce?.challenge, loginHost }),
        browserBinding: { value: binding, callbackUrl: redirectUri, maxAgeSeconds: STATE_TTL_MS / 1000 },
      };
    },

    /**
     * Handles the provider's redirect and returns where to send the browser next. `browserBinding`
     * is the secret the arriving browser presented (its binding cookie), if any.
     */
    async completeCallback(platform: TPlatform, query: TOAuthCallbackQuery, browserBinding?: string): Promise<string> {
      const fail = (code: TOAuthCallbackError, reason: string, context: Record<string, unknown> = {}) => {
        logger.warn({ platform, code, reason, ...context }, 'OAuth callback refused');
        return frontendRedirect({ error: code, platform });
      };
      // A failure once the state named its user goes in that user's activity log too.
      const failFor = async (userId: string, code: TOAuthCallbackError, reason: string, context: Record<string, unknown> = {}) => {
        await deps.audit?.record({ userId, kind: 'crm_connected', outcome: 'failure', platform, actor: 'user', details: { code, ...context } });
        return fail(code, reason, context);
      };
      const state = query.state;
      // Consume before anything else: even a denial burns its state, and nothing is exchanged
      // unless the state is known, fresh, unused and issued for this platform.
      const consumed = state && state.length <= 128 ? await withService(pool, (db) => states.consumeState(db, sha256Hex(state))) : undefined;
      if (query.error) return fail('oauth_denied', `provider said ${query.error}`);
      if (!consumed) return fail('oauth_state_invalid', state ? 'unknown or reused state' : 'no state');
      if (consumed.platform !== platform) return fail('oauth_state_invalid', `state was issued for ${consumed.platform}`);
      if (consumed.expires_at.getTime() < now()) return fail('oauth_state_invalid', 'state expired');
      // The state is burnt either way: a browser that did not start the flow cannot finish it,
      // and the one that did must start again rather than race whoever holds its link.
      if (!isSameBrowser(consumed.browser_binding_hash, browserBinding)) {
        const reason = browserBinding ? "the browser's binding cookie belongs to another flow" : 'the browser has no binding cookie';
        // Whose link was opened elsewhere: worth knowing if it was an attempt to collect someone's CRM.
        return failFor(consumed.user_id, 'oauth_browser_mismatch', reason, { stateUserId: consumed.user_id });
      }
      if (!query.code) return failFor(consumed.user_id, 'oauth_exchange_failed', 'no code');

      try {
        const service = registry.get(platform);
        const codeVerifier = consumed.code_verifier ?? undefined;
        const loginHost = ZSalesforceLoginHost.safeParse(consumed.login_host ?? undefined).data;
        const result = await service.completeAuthorization({ code: query.code, redirectUri: redirectUriFor(platform), callbackQuery: query, codeVerifier, loginHost });
        const saved = await credentials.saveConnection(consumed.user_id, platform, result, service.isSandbox);
        logger.info(
          { userId: consumed.user_id, platform, account: result.connection.externalAccountId, previousGrantRevoked: saved.previousGrantRevoked },
          saved.isReconnect ? 'CRM reconnected' : 'CRM connected',
        );
        await deps.audit?.record({
          userId: consumed.user_id,
          kind: saved.isReconnect ? 'crm_reconnected' : 'crm_connected',
          outcome: 'success',
          platform,
          actor: 'user',
          details: { accountId: result.connection.externalAccountId, ...(saved.isReconnect ? { previousGrantRevoked: saved.previousGrantRevoked } : {}) },
        });
      } catch (error) {
        if (error instanceof AppError) return failFor(consumed.user_id, toOAuthCallbackError(error.code), error.message);
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

function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A state stored without a binding (issued before bindings existed) matches no browser. */
function isSameBrowser(storedHash: string | null, presented: string | undefined): boolean {
  if (!storedHash || !presented || presented.length > 128) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(sha256Hex(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
