import type { Pool } from 'pg';
import type { TCrmSettingsBody, TCrmSettingsResponse, TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import { updateDefaultPhoneRegion } from './connection-sync-repository';
import type { SyncService } from './sync-service';

export type ConnectionSettingsServiceDeps = {
  pool: Pool;
  sync: Pick<SyncService, 'startSync'>;
  credentials: Pick<CredentialsService, 'listConnections'>;
};

export type ConnectionSettingsService = ReturnType<typeof createConnectionSettingsService>;

/**
 * A connection's settings. Today that is the phone region: numbers the CRM holds in national
 * format ("030 1234567") are read in it, so changing it starts a full sync, which re-reads every
 * contact's numbers and updates the ones that now parse differently.
 */
export function createConnectionSettingsService(deps: ConnectionSettingsServiceDeps) {
  const { pool, sync, credentials } = deps;

  return {
    async update(user: AuthenticatedUser, platform: TPlatform, settings: TCrmSettingsBody): Promise<TCrmSettingsResponse> {
      const region = settings.defaultPhoneRegion;
      const before = await withUser(pool, user.claims, (db) => updateDefaultPhoneRegion(db, { userId: user.id, platform, region }));
      if (!before) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      // A connection waiting for reconnection cannot sync now; the full sync after reconnecting reads the new region.
      const resync = before.previous !== region && before.status !== 'needs_reauth' ? await sync.startSync(user, platform, 'full') : null;
      const connection = (await credentials.listConnections(user)).find((candidate) => candidate.platform === platform);
      if (!connection) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      return { connection, resync };
    },
  };
}
