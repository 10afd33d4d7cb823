import { randomUUID } from 'node:crypto';
import { describeWebhookHealth } from '../webhooks/webhook-health';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ZPhoneRegion, type TCrmConnection, type TPlatform } from '@voiceagent/shared';
import { auditActorOf } from '../../audit/audit-actor';
import type { AuditService } from '../../audit/audit-service';
import { withService, withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import type { AuthorizationResult, ConnectionInfo, ProviderSession } from '../crm-service';
import type { CrmRegistry } from '../registry';
import * as repo from './credentials-repository';
import * as leases from './refresh-lease-repository';
import type { TokenCipher } from './token-cipher';
import { createTokenRefresher } from './token-refresher';

export type CredentialsServiceDeps = {
  pool: Pool;
  cipher: TokenCipher;
  registry: CrmRegistry;
  logger: Logger;
  now?: () => number;
  /** Refresh this long before expiry, so a request never starts with a token about to lapse. */
  refreshBeforeExpiryMs?: number;
  /** See token-refresher.ts: the refresh lease and how often a waiting caller looks again. */
  refreshLeaseMs?: number;
  refreshPollMs?: number;
  /** The activity log: disconnects (with whether the provider revoked) and failed refreshes. */
  audit?: Pick<AuditService, 'record'>;
  /** WEBHOOK_DEGRADED_AFTER_MINUTES, for the connections' real-time sync health. Default 60. */
  webhookDegradedAfterMinutes?: number;
  /**
   * Runs before a disconnect revokes the grant, while the tokens still work (stopping the
   * connection's change-notification channel). Must not throw; a failure must not block.
   */
  beforeDisconnect?: (userId: string, platform: TPlatform) => Promise<void>;
};

/** Longer than a provider's revoke with its retries and backoff (provider-http-client.ts). */
const DISCONNECT_LEASE_MS = 5 * 60_000;

export type CredentialsService = ReturnType<typeof createCredentialsService>;

/**
 * The encrypted token store: saving connections (a reconnect revokes the grant it replaced),
 * handing providers a session whose token is refreshed single-flight (token-refresher.ts: a
 * shared promise in this process, a lease on the row across processes, no transaction held
 * across the provider call), listing connections and disconnecting.
 */
export function createCredentialsService(deps: CredentialsServiceDeps) {
  const { pool, cipher, registry, logger } = deps;
  const now = deps.now ?? Date.now;
  const refreshBeforeExpiryMs = deps.refreshBeforeExpiryMs ?? 120_000;

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

  const refresher = createTokenRefresher({
    pool,
    registry,
    logger,
    tokens: { open, seal },
    isFresh,
    toConnectionInfo,
    leaseMs: deps.refreshLeaseMs,
    pollMs: deps.refreshPollMs,
    audit: deps.audit,
  });

  /**
   * Revokes the grant a reconnect replaced (Zoho keeps 20 refresh tokens per user and silently
   * deletes the oldest). Best effort: the new connection stands whatever the provider says.
   */
  async function revokeReplacedGrant(previous: repo.CredentialRow, newRefreshToken: string): Promise<boolean> {
    try {
      const refreshToken = open(previous, 'refresh');
      // A provider that hands out the same refresh token again would lose the new grant with it.
      if (refreshToken === newRefreshToken) return true;
      await registry.get(previous.platform).revoke({ refreshToken, connection: toConnectionInfo(previous) });
      return true;
    } catch (error) {
      logger.warn(
        { userId: previous.user_id, platform: previous.platform, err: error instanceof AppError ? { code: error.code, message: error.message } : String(error) },
        'revoking the replaced grant at the provider failed; reconnected anyway',
      );
      return false;
    }
  }

  return {
    /**
     * Connects, or reconnects in place; a reconnect then revokes the grant it replaced.
     * previousGrantRevoked: null when nothing was replaced.
     */
    async saveConnection(
      userId: string,
      platform: TPlatform,
      result: AuthorizationResult,
      isSandbox: boolean,
    ): Promise<{ isReconnect: boolean; previousGrantRevoked: boolean | null }> {
      const owner = { user_id: userId, platform };
      // Tokens, account and api_domain are the server's to write: users may only read them (0110).
      const previous = await withService(pool, async (db) => {
        // Locked, so that two callbacks completing at once each replace (and revoke) a different grant.
        const replaced = await repo.findCredential(db, userId, platform, { lock: true });
        await repo.upsertCredential(db, {
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
        });
        return replaced;
      });
      // After the commit: the new tokens are stored before the old grant goes.
      const previousGrantRevoked = previous?.refresh_token_encrypted ? await revokeReplacedGrant(previous, result.tokens.refreshToken) : null;
      return { isReconnect: previous !== undefined, previousGrantRevoked };
    },

    /** A session for provider calls as this user's connection; tokens refresh before expiry and on 401. */
    async getSession(userId: string, platform: TPlatform): Promise<ProviderSession> {
      let row = await loadUsable(userId, platform);
      let token: string | null = open(row, 'access');
      return {
        connection: toConnectionInfo(row),
        async getAccessToken() {
          if (token && isFresh(row)) return token;
          token = await refresher.refresh(userId, platform, token);
          row = await loadUsable(userId, platform);
          return token;
        },
        async refreshAccessToken(staleToken: string) {
          token = await refresher.refresh(userId, platform, staleToken);
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
        syncPause: row.sync_paused_until
          ? { until: row.sync_paused_until.toISOString(), code: row.sync_pause_code ?? 'provider_quota_exhausted', message: row.sync_pause_message ?? '' }
          : null,
        // The database checks only the shape (two capitals); the API writes only known regions.
        defaultPhoneRegion: ZPhoneRegion.safeParse(row.default_phone_region).data ?? null,
        webhooks: describeWebhookHealth(row, deps.webhookDegradedAfterMinutes ?? 60),
        changePollPause: row.change_poll_paused_at
          ? { since: row.change_poll_paused_at.toISOString(), code: row.change_poll_pause_code ?? 'provider_quota_exhausted', message: row.change_poll_pause_message ?? '' }
          : null,
      }));
    },

    /**
     * Disconnects: revokes the grant at the provider (best effort: a provider that is down must
     * not keep a user connected), then removes the credential and the synced contacts.
     */
    async disconnect(user: AuthenticatedUser, platform: TPlatform): Promise<{ revokedAtProvider: boolean; contactsDeleted: number }> {
      const row = await withUser(pool, user.claims, (db) => repo.findCredential(db, user.id, platform));
      if (!row) throw new AppError('crm_not_connected', `${platform} is not connected`);
      await deps.beforeDisconnect?.(user.id, platform).catch((error: unknown) => logger.warn({ userId: user.id, platform, err: String(error) }, 'before-disconnect step failed; disconnecting anyway'));
      // No refresh may start against a grant about to be revoked, nor report its refusal as a
      // connection needing reauthorisation (refresh-lease-repository.ts). The lease outlasts a
      // revoke retried to its end; a disconnect that dies half-way lets refreshes resume then.
      await withService(pool, (db) => leases.takeOverRefreshForDisconnect(db, { id: row.id, claimId: randomUUID(), leaseMs: DISCONNECT_LEASE_MS }));
      let revokedAtProvider = false;
      try {
        await registry.get(platform).revoke({ refreshToken: open(row, 'refresh'), connection: toConnectionInfo(row) });
        revokedAtProvider = true;
      } catch (error) {
        logger.warn({ userId: user.id, platform, err: error instanceof AppError ? { code: error.code, message: error.message } : String(error) }, 'revoking at the provider failed; disconnecting anyway');
      }
      // Also cancels its syncs and deletes its contacts, which users may not write directly (0110).
      const { contactsDeleted } = await withService(pool, (db) => repo.deleteConnection(db, user.id, platform));
      logger.info({ userId: user.id, platform, revokedAtProvider, contactsDeleted }, 'CRM disconnected');
      await deps.audit?.record({
        userId: user.id,
        kind: 'crm_disconnected',
        outcome: 'success',
        platform,
        actor: auditActorOf(user),
        details: { revokedAtProvider, contactsDeleted },
      });
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
