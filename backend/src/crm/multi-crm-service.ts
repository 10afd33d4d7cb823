import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TCrmCredentialsResponse, TErrorCode, TPhoneRegion, TPlatform, TSyncAllResponse } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import type { CredentialsService } from './credentials/credentials-service';
import type { CrmRegistry } from './registry';
import { listConnectedPlatforms } from './sync/connection-sync-repository';
import type { SyncService } from './sync/sync-service';
import type { ChangeChannelsService } from './webhooks/change-channels-service';

export type MultiCRMServiceDeps = {
  pool: Pool;
  registry: Pick<CrmRegistry, 'configured'>;
  credentials: Pick<CredentialsService, 'listConnections'>;
  /** The health of each connection's change-notification channel (Zoho). */
  changeChannels?: Pick<ChangeChannelsService, 'healthOf'>;
  sync: Pick<SyncService, 'startSync'>;
  logger: Logger;
  /** SYNC_DEFAULT_PHONE_REGION, shown beside connections that keep the default. */
  defaultPhoneRegion: TPhoneRegion;
};

/** One platform's part of an operation across the user's CRMs: its value, or why it failed. */
export type PlatformOutcome<T> = { platform: TPlatform; ok: true; value: T } | { platform: TPlatform; ok: false; error: { code: TErrorCode; message: string } };

export type MultiCRMService = ReturnType<typeof createMultiCRMService>;

/**
 * MultiCRMService: one user's CRMs as a whole. Every operation across platforms goes here and
 * answers per platform; one platform failing never stops or hides another, and a failure is
 * reported with its code, never turned into a silent null.
 */
export function createMultiCRMService(deps: MultiCRMServiceDeps) {
  const { pool, logger } = deps;

  /** Runs `operation` for each connected platform of the user, concurrently, each on its own. */
  async function forEachConnected<T>(user: AuthenticatedUser, operation: (platform: TPlatform) => Promise<T>): Promise<Array<PlatformOutcome<T>>> {
    const platforms = await withUser(pool, user.claims, (db) => listConnectedPlatforms(db, user.id));
    return Promise.all(
      platforms.map(async (platform): Promise<PlatformOutcome<T>> => {
        try {
          return { platform, ok: true, value: await operation(platform) };
        } catch (error) {
          if (error instanceof AppError) return { platform, ok: false, error: { code: error.code, message: error.message } };
          logger.error({ err: error, platform, userId: user.id }, 'an operation across CRMs failed for one platform');
          return { platform, ok: false, error: { code: 'internal_error', message: `Could not complete this for ${platform}` } };
        }
      }),
    );
  }

  return {
    forEachConnected,

    /** The user's connections (never their tokens), and which platforms this server can connect. */
    async listConnections(user: AuthenticatedUser): Promise<TCrmCredentialsResponse> {
      const listed = await deps.credentials.listConnections(user);
      const channels = deps.changeChannels ? await deps.changeChannels.healthOf(user.id) : new Map();
      const connections = listed.map((connection) => (channels.has(connection.platform) ? { ...connection, changeNotifications: channels.get(connection.platform) } : connection));
      const available = deps.registry.configured().map((service) => ({ platform: service.platform, isSandbox: service.isSandbox }));
      return { connections, available, serverDefaultPhoneRegion: deps.defaultPhoneRegion };
    },

    /** A sync of every connected CRM: the run started (or already running) or the reason, per platform. */
    async syncAll(user: AuthenticatedUser): Promise<TSyncAllResponse> {
      const outcomes = await forEachConnected(user, (platform) => deps.sync.startSync(user, platform));
      return { results: outcomes.map((outcome) => (outcome.ok ? { platform: outcome.platform, ...outcome.value } : { platform: outcome.platform, error: outcome.error })) };
    },
  };
}
