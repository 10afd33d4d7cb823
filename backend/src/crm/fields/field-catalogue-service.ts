import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { canFeedStandardField, type TCrmField, type TCrmFieldCatalogue, type TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CrmRegistry } from '../registry';
import { findCatalogue, findCatalogueRefreshedAt, saveCatalogue, type CatalogueRow } from './field-catalogue-repository';
import { lockMappingState, markDefaultsApplied, reconcileMappings, replaceMappings, type NewMapping } from './field-mappings-repository';

export type FieldCatalogueServiceDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  now?: () => number;
  /**
   * Mapped fields the CRM has again (broken, then back in the catalogue): their values went as
   * contacts synced without them, so they are backfilled. Given the changed targets.
   */
  onMappingsMended?: (userId: string, platform: TPlatform, targets: string[]) => Promise<unknown>;
};

export type FieldCatalogueService = ReturnType<typeof createFieldCatalogueService>;

/** An incremental sync with mapped fields reads the catalogue again when it is older than this. */
export const CATALOGUE_MAX_AGE_MS = 60 * 60 * 1000;

const toDto = (platform: TPlatform, row: CatalogueRow): TCrmFieldCatalogue => ({ platform, fields: row.fields, refreshedAt: row.refreshed_at.toISOString() });

/**
 * The CRM's field catalogue per connection, cached in Postgres. Reading it from the CRM also marks
 * mappings whose field went missing as broken (and mended ones ok), and, the first time, maps the
 * CRM's own fields that mean a standard VoiceAgent field (its `standardFieldDefaults`).
 */
export function createFieldCatalogueService(deps: FieldCatalogueServiceDeps) {
  const { pool, registry, credentials, logger } = deps;
  const now = deps.now ?? Date.now;

  function defaultsFor(platform: TPlatform, fields: readonly TCrmField[]): NewMapping[] {
    const byName = new Map(fields.map((field) => [`${field.objectType}:${field.name}`, field]));
    return registry.get(platform).standardFieldDefaults.flatMap((fallback) => {
      const field = byName.get(`${fallback.objectType}:${fallback.field}`);
      return field && canFeedStandardField(fallback.target, field.type) ? [{ field, targetKind: 'standard' as const, targetKey: fallback.target }] : [];
    });
  }

  async function readFromCrm(userId: string, platform: TPlatform): Promise<CatalogueRow> {
    const session = await credentials.getSession(userId, platform);
    const fields = await registry.get(platform).listFields(session);
    const { saved, mended } = await withService(pool, async (db) => {
      const state = await lockMappingState(db, userId, platform);
      const row = await saveCatalogue(db, { userId, platform, fields });
      const mendedTargets = await reconcileMappings(db, { userId, platform, fields });
      if (state && state.saved_at === null && state.defaults_applied_at === null) {
        await replaceMappings(db, { userId, platform, mappings: defaultsFor(platform, fields) });
        await markDefaultsApplied(db, userId, platform);
      }
      return { saved: row, mended: mendedTargets };
    });
    if (mended.length > 0 && deps.onMappingsMended) {
      try {
        await deps.onMappingsMended(userId, platform, mended);
      } catch (error) {
        logger.error({ err: error, userId, platform, targets: mended }, 'starting the backfill of mended field mappings failed; the next full sync fills them');
      }
    }
    return saved;
  }

  return {
    /** The cached catalogue; read from the CRM when there is none yet. */
    async get(user: AuthenticatedUser, platform: TPlatform): Promise<TCrmFieldCatalogue> {
      const cached = await withUser(pool, user.claims, (db) => findCatalogue(db, user.id, platform));
      return toDto(platform, cached ?? (await readFromCrm(user.id, platform)));
    },

    async refresh(user: AuthenticatedUser, platform: TPlatform): Promise<TCrmFieldCatalogue> {
      return toDto(platform, await readFromCrm(user.id, platform));
    },

    /** The catalogue as last read, for validating a mapping; read from the CRM when there is none. */
    async fieldsOf(userId: string, platform: TPlatform): Promise<readonly TCrmField[]> {
      const cached = await withService(pool, (db) => findCatalogue(db, userId, platform));
      return (cached ?? (await readFromCrm(userId, platform))).fields;
    },

    /**
     * For the sync runner: a full run reads the catalogue before its first page (the first one after
     * connecting applies the CRM's defaults); an incremental one `onlyIfStale`, when the cached
     * catalogue is older than CATALOGUE_MAX_AGE_MS; any run again after the CRM refused a page. A
     * failure is logged and the run goes on with the mapping as it stands: a catalogue is not worth
     * a failed sync.
     */
    async refreshForSync(userId: string, platform: TPlatform, input: { onlyIfStale: boolean }): Promise<void> {
      if (input.onlyIfStale) {
        const refreshedAt = await withService(pool, (db) => findCatalogueRefreshedAt(db, userId, platform));
        if (refreshedAt && now() - refreshedAt.getTime() < CATALOGUE_MAX_AGE_MS) return;
      }
      try {
        await readFromCrm(userId, platform);
      } catch (error) {
        logger.warn({ err: error, userId, platform }, 'reading the CRM field catalogue before a sync failed; the sync goes on with the mapping as it stands');
      }
    },
  };
}
