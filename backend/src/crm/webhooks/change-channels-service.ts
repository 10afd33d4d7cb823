import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TCrmConnection, TPlatform } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import { findCredential } from '../credentials/credentials-repository';
import type { TokenCipher } from '../credentials/token-cipher';
import { hasChangeNotifications, type ChangeNotifications, type CRMService } from '../crm-service';
import type { CrmRegistry } from '../registry';
import * as repo from './change-channels-repository';

export type ChangeChannelsDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  cipher: TokenCipher;
  logger: Logger;
  now?: () => number;
  /** Where the CRM posts notifications, per platform. */
  notifyUrlOf: (platform: TPlatform) => string;
  /** Active channels expiring within this are renewed (ZOHO_WATCH_RENEW_BEFORE_MINUTES). */
  renewBeforeMs: number;
  /** How long stopping a channel may take before a disconnect goes on without it (default 5 s). */
  stopTimeoutMs?: number;
};

export type ChangeChannelsService = ReturnType<typeof createChangeChannelsService>;

/** AAD of a channel's sealed token: a ciphertext copied to another channel's row does not open. */
export const channelTokenAad = (platform: TPlatform, channelId: string) => `change-channel:${platform}:${channelId}`;

const MAX_RETRY_DELAY_MS = 3_600_000;
// Tombstones outlive the longest channel Zoho allows (one day), so every late notification finds one.
const TOMBSTONE_MS = 2 * 86_400_000;

/**
 * The lifecycle of a connection's change-notification channel (Zoho's Watch API): registered
 * on connect and on reconnect (replacing the old one), renewed by a periodic job before it
 * expires, re-registered when the CRM dropped it, stopped on disconnect. Every failure is
 * recorded on the channel and retried with backoff; the connection keeps its scheduled sync
 * meanwhile, so nothing here ever fails the connect or the disconnect it runs beside.
 */
export function createChangeChannelsService(deps: ChangeChannelsDeps) {
  const { pool, registry, cipher, logger } = deps;
  const now = deps.now ?? Date.now;
  const stopTimeoutMs = deps.stopTimeoutMs ?? 5000;

  const providerOf = (platform: TPlatform): (CRMService & ChangeNotifications) | null => {
    const service = registry.configured().find((candidate) => candidate.platform === platform);
    return service && hasChangeNotifications(service) ? service : null;
  };
  const errorText = (error: unknown) => (error instanceof AppError ? `${error.code}: ${error.message}` : 'internal_error: unexpected failure (logged)');
  const isMissingScope = (error: unknown) => error instanceof AppError && (error.details as { reason?: unknown } | undefined)?.reason === 'missing_scope';
  const retryAt = (attempts: number) => new Date(now() + Math.min(60_000 * 2 ** attempts, MAX_RETRY_DELAY_MS));

  /** Asks the CRM for the row's channel (the same id and token again on a retry) and records the outcome. */
  async function enable(provider: CRMService & ChangeNotifications, row: repo.ChannelRow): Promise<boolean> {
    try {
      const session = await deps.credentials.getSession(row.user_id, row.platform);
      const token = cipher.decrypt(row.token_encrypted, channelTokenAad(row.platform, row.channel_id));
      const watched = await provider.watchContacts(session, {
        channelId: row.channel_id,
        token,
        notifyUrl: deps.notifyUrlOf(row.platform),
        expiresAt: new Date(now() + provider.maxWatchLifetimeMs),
      });
      await withService(pool, (db) => repo.markActive(db, row.id, watched.expiresAt));
      logger.info({ userId: row.user_id, platform: row.platform, channelId: row.channel_id, expiresAt: watched.expiresAt }, 'change channel registered');
      return true;
    } catch (error) {
      await recordFailure(row, error);
      return false;
    }
  }

  async function recordFailure(row: repo.ChannelRow, error: unknown): Promise<void> {
    const missingScope = isMissingScope(error);
    // A grant without the scope will not get it by retrying: the user reconnects, which registers anew.
    const next = missingScope ? null : retryAt(row.attempts);
    logger.warn({ userId: row.user_id, platform: row.platform, channelId: row.channel_id, err: errorText(error), retryAt: next }, 'change channel registration failed; the scheduled sync carries on');
    await withService(pool, (db) => repo.markFailed(db, row.id, { state: missingScope ? 'missing_scope' : 'failed', error: errorText(error), nextAttemptAt: next }));
  }

  /** A new channel row for the connection, replacing (tombstoning) its live one; null when another caller just made one. */
  async function replaceChannel(userId: string, platform: TPlatform, connectionId?: string) {
    return withService(pool, async (db) => {
      const credential = await findCredential(db, userId, platform, { lock: true });
      if (!credential || credential.status !== 'connected' || (connectionId && credential.id !== connectionId)) return null;
      const replaced = await repo.findLiveChannel(db, credential.id);
      if (replaced) await repo.markStopped(db, replaced.id);
      const channelId = newChannelId();
      const row = await repo.insertChannel(db, {
        connectionId: credential.id,
        userId,
        platform,
        channelId,
        tokenEncrypted: cipher.encrypt(randomBytes(32).toString('base64url'), channelTokenAad(platform, channelId)),
      });
      return { row, replaced };
    });
  }

  async function stopAtProvider(provider: CRMService & ChangeNotifications, row: repo.ChannelRow, why: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const stop = (async () => provider.stopWatch(await deps.credentials.getSession(row.user_id, row.platform), row.channel_id))();
      // A CRM that hangs or keeps failing must not hold up a disconnect: the channel lapses at its expiry anyway.
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new AppError('provider_timeout', `no answer within ${stopTimeoutMs} ms`)), stopTimeoutMs);
      });
      stop.catch(() => undefined);
      await Promise.race([stop, timeout]);
    } catch (error) {
      logger.warn({ userId: row.user_id, platform: row.platform, channelId: row.channel_id, err: errorText(error), why }, 'stopping a change channel at the CRM failed; it lapses at its expiry');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Registers a channel for the connection, replacing the one it had; the old one is stopped at the CRM (best effort). */
  async function register(userId: string, platform: TPlatform, connectionId?: string): Promise<void> {
    const provider = providerOf(platform);
    if (!provider) return;
    const made = await replaceChannel(userId, platform, connectionId);
    if (!made) return;
    await enable(provider, made.row);
    if (made.replaced?.state === 'active') await stopAtProvider(provider, made.replaced, 'replaced');
  }

  return {
    register,

    /** Per platform with channels, how the user's channel stands, said for the connection's health. */
    async healthOf(userId: string): Promise<Map<TPlatform, NonNullable<TCrmConnection['changeNotifications']>>> {
      const supported = registry.configured().filter(hasChangeNotifications).map((service) => service.platform);
      const rows = supported.length === 0 ? [] : await withService(pool, (db) => repo.listLiveChannels(db, userId));
      const health = new Map<TPlatform, NonNullable<TCrmConnection['changeNotifications']>>();
      for (const platform of supported) {
        const row = rows.find((candidate) => candidate.platform === platform);
        const expired = row?.expires_at ? row.expires_at.getTime() <= now() : false;
        const state = !row ? 'none' : row.state === 'active' && expired ? 'failed' : (row.state as Exclude<repo.ChannelState, 'stopped'>);
        health.set(platform, { state, expiresAt: row?.expires_at?.toISOString() ?? null, message: healthMessage(state, row?.last_error ?? null) });
      }
      return health;
    },

    /**
     * Before a disconnect revokes the grant (after which the channel could not be stopped):
     * stops the channel at the CRM, best effort, and tombstones it, so that its late
     * notifications are acknowledged and dropped. Never throws.
     */
    async stopForDisconnect(userId: string, platform: TPlatform): Promise<void> {
      const provider = providerOf(platform);
      if (!provider) return;
      try {
        const row = await withService(pool, async (db) => {
          const credential = await findCredential(db, userId, platform);
          const live = credential ? await repo.findLiveChannel(db, credential.id) : undefined;
          if (live) await repo.markStopped(db, live.id);
          return live;
        });
        if (row && row.state !== 'missing_scope') await stopAtProvider(provider, row, 'disconnect');
      } catch (error) {
        logger.warn({ userId, platform, err: errorText(error) }, 'stopping the change channel before disconnecting failed; disconnecting anyway');
      }
    },

    /**
     * The periodic job: renews active channels expiring within `renewBeforeMs`, registers anew
     * those the CRM no longer has, retries failed registrations that are due, gives connections
     * without a channel one, and forgets old tombstones.
     */
    async renewDue(limit = 200): Promise<{ renewed: number; registered: number; failed: number }> {
      const platforms = registry.configured().filter(hasChangeNotifications).map((service) => service.platform);
      const result = { renewed: 0, registered: 0, failed: 0 };
      if (platforms.length === 0) return result;
      const due = await withService(pool, (db) => repo.listDue(db, platforms, new Date(now() + deps.renewBeforeMs), new Date(now()), limit));
      for (const item of due) {
        const provider = providerOf(item.platform)!;
        if (item.channel_row_id === null) {
          await register(item.user_id, item.platform, item.connection_id);
          result.registered++;
          continue;
        }
        const row = await withService(pool, (db) => repo.findLiveChannel(db, item.connection_id));
        if (!row || row.id !== item.channel_row_id) continue;
        if (row.state !== 'active') {
          if (await enable(provider, row)) result.registered++;
          else result.failed++;
          continue;
        }
        try {
          const session = await deps.credentials.getSession(row.user_id, row.platform);
          const renewed = await provider.renewWatch(session, { channelId: row.channel_id, expiresAt: new Date(now() + provider.maxWatchLifetimeMs) });
          if (renewed) {
            await withService(pool, (db) => repo.markActive(db, row.id, renewed.expiresAt));
            result.renewed++;
          } else {
            logger.info({ userId: row.user_id, platform: row.platform, channelId: row.channel_id }, 'the CRM no longer has the change channel; registering a new one');
            await register(row.user_id, row.platform, item.connection_id);
            result.registered++;
          }
        } catch (error) {
          await recordFailure(row, error);
          result.failed++;
        }
      }
      await withService(pool, (db) => repo.pruneStopped(db, new Date(now() - TOMBSTONE_MS)));
      return result;
    },
  };
}

function healthMessage(state: NonNullable<TCrmConnection['changeNotifications']>['state'], lastError: string | null): string | null {
  switch (state) {
    case 'active':
      return null;
    case 'missing_scope':
      return 'Connected before real-time sync: reconnect to receive changes within seconds. Until then the scheduled sync keeps contacts up to date.';
    case 'failed':
      return `Changes are not pushed right now (${lastError ?? 'the channel lapsed'}); retrying. The scheduled sync keeps contacts up to date.`;
    case 'pending':
    case 'none':
      return 'Setting up real-time changes; the scheduled sync keeps contacts up to date meanwhile.';
  }
}

/** Zoho's channel_id is a long: 18 random digits, never starting with 0. */
function newChannelId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 900_000_000_000_000_000n;
  return String(100_000_000_000_000_000n + n);
}
