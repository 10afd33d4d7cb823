import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { ZPhoneRegion, type TCrmConnection, type TPlatform } from '@voiceagent/shared';
import { withService, withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import type { AuthorizationResult, ConnectionInfo, ProviderSession, TokenSet } from '../crm-service';
import type { CrmRegistry } from '../registry';
import * as repo from './credentials-repository';
import type { TokenCipher } from './token-cipher';

export type CredentialsServiceDeps = {
  pool: Pool;
  cipher: TokenCipher;
  registry: CrmRegistry;
  logger: Logger;
  now?: () => number;
  /** Refresh this long before expiry, so a request never starts with a token about to lapse. */
  refreshBeforeExpiryMs?: number;
};

export type CredentialsService = ReturnType<typeof createCredentialsService>;

/**
 * The encrypted token store: saving connections, handing providers a session whose token is
 * refreshed single-flight (in this process by a shared promise, across processes by a row lock
 * re-read after it is taken), listing connections and disconnecting.
 */
export function createCredentialsService(deps: CredentialsServiceDeps) {
  const { pool, cipher, registry, logger } = deps;
  const now = deps.now ?? Date.now;
  const refreshBeforeExpiryMs = deps.refreshBeforeExpiryMs ?? 120_000;
  const refreshesInFlight = new Map<string, Promise<string>>();

  const aad = (userId: string, platform: TPlatform, kind: 'access' | 'refresh') => `${userId}:${platform}:${kind}`;
  const seal = (row: { user_id: string; platform: TPlatform }, kind: 'access' | 'refresh', token: string) =>
    cipher.encrypt(token, aad(row.user_id, row.platform, kind));
  const open = (row: repo.CredentialRow, kind: 'access' | 'refresh') => {
    const sealed = kind === 'access' ? row.access_token_encrypted : row.refresh_token_encrypted;
    if (!sealed) throw new AppError('crm_auth_revoked', `The ${row.platform} connection has no stored tokens; reconnect it`);
    return cipher.decrypt(sealed, aad(row.user_id, row.platform, kind));
  };
  const isFresh = (row: repo.CredentialRow) => row.token_expires_at !== null && row.token_expires_at.getTime() - now() > refreshBeforeExpiryMs;

  /** Loads the row for a provider call (background or request path: always naming the user). */
  async function loadUsable(userId: string, platform: TPlatform): Promise<repo.CredentialRow> {
    const row = await withService(pool, (db) => repo.findCredential(db, userId, platform));
    if (!row) throw new AppError('crm_not_connected', `${platform} is not connected`);
    if (row.status === 'needs_reauth') throw new AppError('crm_auth_revoked', `The ${platform} connection needs to be reconnected`);
    return row;
  }

  async function refreshUnderLock(userId: string, platform: TPlatform, staleToken: string | null): Promise<string> {
    const outcome = await withService(pool, async (db) => {
      const row = await repo.findCredential(db, userId, platform, { lock: true });
      if (!row) return { error: new AppError('crm_not_connected', `${platform} is not connected`) };
      if (row.status === 'needs_reauth') return { error: new AppError('crm_auth_revoked', `The ${platform} connection needs to be reconnected`) };
      const current = open(row, 'access');
      // Someone refreshed while we waited for the lock: use theirs.
      if (current !== staleToken && isFresh(row)) return { token: current };
      try {
        const tokens = await registry.get(platform).refreshTokens({ refreshToken: open(row, 'refresh'), connection: toConnectionInfo(row) });
        await saveRefreshed(db, row, tokens);
        return { token: tokens.accessToken };
      } catch (error) {
        if (error instanceof AppError && error.code === 'crm_auth_revoked') {
          await repo.markStatus(db, { id: row.id, status: 'needs_reauth', errorCode: error.code, errorMessage: error.message });
          logger.warn({ userId, platform }, 'CRM refresh token refused; connection needs reauthorisation');
        }
        return { error };
      }
    });
    // Thrown after commit, so a needs_reauth mark is kept.
    if ('error' in outcome) throw outcome.error;
    return outcome.token;
  }

  async function saveRefreshed(db: PoolClient, row: repo.CredentialRow, tokens: TokenSet) {
    await repo.updateTokens(db, {
      id: row.id,
      accessTokenEncrypted: seal(row, 'access', tokens.accessToken),
      // Zoho keeps the refresh token; HubSpot may rotate it.
      refreshTokenEncrypted: tokens.refreshToken ? seal(row, 'refresh', tokens.refreshToken) : row.refresh_token_encrypted!,
      tokenExpiresAt: tokens.expiresAt,
      scopes: tokens.scopes.length > 0 ? tokens.scopes : row.scopes,
    });
  }

  function refreshSingleFlight(userId: string, platform: TPlatform, staleToken: string | null): Promise<string> {
    const key = `${userId}:${platform}`;
    const inFlight = refreshesInFlight.get(key);
    if (inFlight) return inFlight;
    const refresh = refreshUnderLock(userId, platform, staleToken).finally(() => refreshesInFlight.delete(key));
    refreshesInFlight.set(key, refresh);
    return refresh;
  }

  return {
    async saveConnection(userId: string, platform: TPlatform, result: AuthorizationResult, isSandbox: boolean): Promise<void> {
      const owner = { user_id: userId, platform };
      await withUser(pool, claimsFor(userId), (db) =>
        repo.upsertCredential(db, {
          userId,
          platform,
          accessTokenEncrypted: seal(owner, 'access', result.tokens.accessToken),
          refreshTokenEncrypted: seal(owner, 'refresh', result.tokens.refreshToken),
          tokenExpiresAt: result.tokens.expiresAt,
          scopes: result.tokens.scopes,
          externalAccountId: result.connection.externalAccountId,
          accountName: result.connection.accountName,
          dataCentre: result.connection.dataCentre,
          apiDomain: result.connection.apiDomain,
          accountsServer: result.connection.accountsServer,
          isSandbox,
        }),
      );
    },

    /** A session for provider calls as this user's connection; tokens refresh before expiry and on 401. */
    async getSession(userId: string, platform: TPlatform): Promise<ProviderSession> {
      let row = await loadUsable(userId, platform);
      let token: string | null = open(row, 'access');
      return {
        connection: toConnectionInfo(row),
        async getAccessToken() {
          if (token && isFresh(row)) return token;
          token = await refreshSingleFlight(userId, platform, token);
          row = await loadUsable(userId, platform);
          return token;
        },
        async refreshAccessToken(staleToken: string) {
          token = await refreshSingleFlight(userId, platform, staleToken);
          row = await loadUsable(userId, platform);
          return token;
        },
      };
    },

    async listConnections(user: AuthenticatedUser): Promise<TCrmConnection[]> {
      const rows = await withUser(pool, user.claims, (db) => repo.listCredentialSummaries(db, user.id));
      return rows.map((row) => ({
        platform: row.platform,
        status: row.status,
        accountId: row.external_account_id,
        accountName: row.account_name,
        dataCentre: row.data_centre,
        scopes: row.scopes,
        isSandbox: row.is_sandbox,
        connectedAt: row.connected_at.toISOString(),
        lastSyncedAt: row.last_synced_at?.toISOString() ?? null,
        lastFullSyncAt: row.last_full_sync_at?.toISOString() ?? null,
        contactCount: Number(row.contact_count),
        activeSyncRunId: row.active_run_id,
        lastError: row.last_error_code ? { code: row.last_error_code, message: row.last_error_message ?? '' } : null,
        // The database checks only the shape (two capitals); the API writes only known regions.
        defaultPhoneRegion: ZPhoneRegion.safeParse(row.default_phone_region).data ?? null,
      }));
    },

    /**
     * Disconnects: revokes the grant at the provider (best effort: a provider that is down must
     * not keep a user connected), then removes the credential and the synced contacts.
     */
    async disconnect(user: AuthenticatedUser, platform: TPlatform): Promise<{ revokedAtProvider: boolean; contactsDeleted: number }> {
      const row = await withUser(pool, user.claims, (db) => repo.findCredential(db, user.id, platform));
      if (!row) throw new AppError('crm_not_connected', `${platform} is not connected`);
      let revokedAtProvider = false;
      try {
        await registry.get(platform).revoke({ refreshToken: open(row, 'refresh'), connection: toConnectionInfo(row) });
        revokedAtProvider = true;
      } catch (error) {
        logger.warn({ userId: user.id, platform, err: error instanceof AppError ? { code: error.code, message: error.message } : String(error) }, 'revoking at the provider failed; disconnecting anyway');
      }
      const { contactsDeleted } = await withUser(pool, user.claims, (db) => repo.deleteConnection(db, user.id, platform));
      logger.info({ userId: user.id, platform, revokedAtProvider, contactsDeleted }, 'CRM disconnected');
      return { revokedAtProvider, contactsDeleted };
    },
  };
}

function toConnectionInfo(row: repo.CredentialRow): ConnectionInfo {
  return {
    externalAccountId: row.external_account_id ?? '',
    accountName: row.account_name ?? '',
    dataCentre: row.data_centre,
    apiDomain: row.api_domain ?? '',
    accountsServer: row.accounts_server,
  };
}

/** Claims for acting as a user the server identified some other way (the OAuth state). */
export function claimsFor(userId: string): AuthenticatedUser['claims'] {
  return { sub: userId, role: 'authenticated' };
}
