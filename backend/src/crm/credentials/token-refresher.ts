import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import type { AuditService } from '../../audit/audit-service';
import { AppError } from '../../http/app-error';
import type { ConnectionInfo, TokenSet } from '../crm-service';
import type { CrmRegistry } from '../registry';
import { findCredential, type CredentialRow } from './credentials-repository';
import * as leases from './refresh-lease-repository';

export type SealedTokens = {
  open(row: CredentialRow, kind: 'access' | 'refresh'): string;
  seal(row: CredentialRow, kind: 'access' | 'refresh', token: string): string;
};

export type TokenRefresherDeps = {
  pool: Pool;
  registry: CrmRegistry;
  logger: Logger;
  tokens: SealedTokens;
  isFresh(row: CredentialRow): boolean;
  toConnectionInfo(row: CredentialRow): ConnectionInfo;
  /** How long a claim lasts unless renewed: how soon a refresh whose process died can be retried. */
  leaseMs?: number;
  /** How often a caller waiting for another process's refresh looks again. */
  pollMs?: number;
  /** The activity log: failed refreshes and connections that need reconnecting. */
  audit?: Pick<AuditService, 'record'>;
};

/**
 * Refreshes access tokens single-flight without holding a transaction across the network: in
 * this process callers share one promise; across processes the refresh is claimed with a lease
 * on the credential row (committed at once), the provider is called with no transaction open,
 * and only the lease's holder writes the result. Callers that find the lease taken wait for the
 * holder's result and re-read it; a holder renews its lease while the provider call runs, so a
 * lease runs out only when its process is gone.
 */
export function createTokenRefresher(deps: TokenRefresherDeps) {
  const { pool, registry, logger, tokens, isFresh } = deps;
  const leaseMs = deps.leaseMs ?? 30_000;
  const pollMs = deps.pollMs ?? 200;
  const inFlight = new Map<string, Promise<string>>();

  const notConnected = (platform: TPlatform) => new AppError('crm_not_connected', `${platform} is not connected`);
  const needsReconnect = (platform: TPlatform) => new AppError('crm_auth_revoked', `The ${platform} connection needs to be reconnected`);

  /** The stored token when it replaced `staleToken` and is still fresh; undefined otherwise. */
  function replacement(row: CredentialRow, staleToken: string | null): string | undefined {
    const current = tokens.open(row, 'access');
    return current !== staleToken && isFresh(row) ? current : undefined;
  }

  async function refreshAcrossProcesses(userId: string, platform: TPlatform, staleToken: string | null): Promise<string> {
    const claimId = randomUUID();
    for (;;) {
      const claimed = await withService(pool, (db) => leases.claimRefresh(db, { userId, platform, claimId, leaseMs }));
      if (claimed) return refreshHolding(claimed, claimId, staleToken);
      // Another refresh holds the lease (or the connection is gone): wait for its result.
      const row = await withService(pool, (db) => findCredential(db, userId, platform));
      if (!row) throw notConnected(platform);
      if (row.status === 'needs_reauth') throw needsReconnect(platform);
      const token = replacement(row, staleToken);
      if (token) return token;
      await sleep(pollMs);
    }
  }

  async function refreshHolding(row: CredentialRow, claimId: string, staleToken: string | null): Promise<string> {
    const release = () => withService(pool, (db) => leases.releaseRefreshClaim(db, { id: row.id, claimId }));
    let current: string | undefined;
    try {
      if (row.status === 'needs_reauth') throw needsReconnect(row.platform);
      // Someone refreshed between our read and our claim: use theirs.
      current = replacement(row, staleToken);
    } catch (error) {
      await release();
      throw error;
    }
    if (current) {
      await release();
      return current;
    }
    const refreshed = await callProvider(row, claimId);
    const saved = await withService(pool, (db) =>
      leases.saveRefreshedTokens(db, {
        id: row.id,
        claimId,
        accessTokenEncrypted: tokens.seal(row, 'access', refreshed.accessToken),
        // Zoho keeps the refresh token; HubSpot may rotate it.
        refreshTokenEncrypted: refreshed.refreshToken ? tokens.seal(row, 'refresh', refreshed.refreshToken) : row.refresh_token_encrypted!,
        tokenExpiresAt: refreshed.expiresAt,
        scopes: refreshed.scopes.length > 0 ? refreshed.scopes : row.scopes,
      }),
    );
    if (saved) return refreshed.accessToken;
    // The lease was no longer ours: a reconnect replaced the tokens, or the connection was removed.
    const latest = await withService(pool, (db) => findCredential(db, row.user_id, row.platform));
    if (!latest) throw notConnected(row.platform);
    return replacement(latest, staleToken) ?? refreshed.accessToken;
  }

  /** The provider call, with the lease renewed while it runs and given up (or marked) when it fails. */
  async function callProvider(row: CredentialRow, claimId: string): Promise<TokenSet> {
    const renew = () =>
      withService(pool, (db) => leases.renewRefreshClaim(db, { id: row.id, claimId, leaseMs })).catch((error: unknown) =>
        logger.warn({ err: error, platform: row.platform }, 'renewing a token refresh lease failed'),
      );
    const renewal = setInterval(() => void renew(), Math.max(1, Math.floor(leaseMs / 3)));
    renewal.unref();
    try {
      return await registry.get(row.platform).refreshTokens({ refreshToken: tokens.open(row, 'refresh'), connection: deps.toConnectionInfo(row) });
    } catch (error) {
      const isRevoked = error instanceof AppError && error.code === 'crm_auth_revoked';
      const marked = await withService(pool, (db) =>
        isRevoked
          ? leases.markNeedsReauth(db, { id: row.id, claimId, errorCode: error.code, errorMessage: error.message })
          : leases.releaseRefreshClaim(db, { id: row.id, claimId }).then(() => false),
      ).catch((dbError: unknown) => {
        // The provider's error is the one to report; an unreleased lease runs out by itself.
        logger.error({ err: dbError, platform: row.platform }, 'ending a token refresh lease failed');
        return undefined;
      });
      if (isRevoked && marked === false) {
        // The lease was taken from under this refresh: a disconnect (or a reconnect) replaced
        // the grant it refreshed, and revoked it. The refusal is their doing, not news.
        logger.info({ userId: row.user_id, platform: row.platform }, 'CRM refresh refused for a grant that was replaced or removed');
        if (!(await isStillConnected(row).catch(() => true))) throw notConnected(row.platform);
        throw error;
      }
      if (marked) logger.warn({ userId: row.user_id, platform: row.platform }, 'CRM refresh token refused; connection needs reauthorisation');
      await recordFailure(row, error, marked === true);
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }

  /** False once the connection is gone, or has become a new one. */
  async function isStillConnected(row: CredentialRow): Promise<boolean> {
    const latest = await withService(pool, (db) => findCredential(db, row.user_id, row.platform));
    return latest?.id === row.id;
  }

  async function recordFailure(row: CredentialRow, error: unknown, markedNeedsReauth: boolean): Promise<void> {
    if (!deps.audit) return;
    const code = error instanceof AppError ? error.code : 'internal_error';
    const base = { userId: row.user_id, platform: row.platform, actor: 'system' as const, outcome: 'failure' as const };
    await deps.audit.record({ ...base, kind: 'crm_token_refresh_failed', details: { code } });
    if (markedNeedsReauth) await deps.audit.record({ ...base, kind: 'crm_needs_reauth', details: { code } });
  }

  return {
    /** A token to use instead of `staleToken` (null: none yet): another caller's fresh one, or a refreshed one. */
    refresh(userId: string, platform: TPlatform, staleToken: string | null): Promise<string> {
      const key = `${userId}:${platform}`;
      const running = inFlight.get(key);
      if (running) return running;
      const refresh = refreshAcrossProcesses(userId, platform, staleToken).finally(() => inFlight.delete(key));
      inFlight.set(key, refresh);
      return refresh;
    },
  };
}
