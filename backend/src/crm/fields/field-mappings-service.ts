import type { Pool } from 'pg';
import type { z } from 'zod';
import type { TFieldMapping, TFieldMappingsResponse, TPlatform, TStandardContactField, TSyncStartResponse, ZFieldMappingsBody } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CrmRegistry } from '../registry';
import type { SyncService } from '../sync/sync-service';
import type { FieldCatalogueService } from './field-catalogue-service';
import { checkMappings, mappingSignature } from './field-mapping-rules';
import {
  countInvalidValues,
  findMappingState,
  listMappings,
  lockMappingState,
  markMappingSaved,
  replaceMappings,
  type MappingRow,
} from './field-mappings-repository';
import { buildFieldPlan, EMPTY_FIELD_PLAN, type FieldPlan } from './field-plan';

export type FieldMappingsServiceDeps = {
  pool: Pool;
  catalogue: Pick<FieldCatalogueService, 'fieldsOf'>;
  sync: Pick<SyncService, 'startSync'>;
  registry: Pick<CrmRegistry, 'get'>;
};

export type FieldMappingsService = ReturnType<typeof createFieldMappingsService>;

function toMappingDto(row: MappingRow, invalid: Map<string, number>): TFieldMapping {
  const target = row.target_kind === 'custom' ? { kind: 'custom' as const, key: row.target_key } : { kind: 'standard' as const, field: row.target_key as TStandardContactField };
  return {
    objectType: row.object_type,
    field: row.field_name,
    target,
    label: row.label,
    type: row.field_type,
    options: row.options,
    status: row.status,
    invalidValues: invalid.get(row.target_key) ?? 0,
  };
}

const signatureOf = (rows: readonly MappingRow[]) =>
  mappingSignature(rows.map((row) => ({ objectType: row.object_type, field: row.field_name, targetKind: row.target_kind, targetKey: row.target_key })));

/** Which CRM fields a connection syncs and where each goes; saving a change backfills it with a full sync. */
export function createFieldMappingsService(deps: FieldMappingsServiceDeps) {
  const { pool, catalogue, sync, registry } = deps;

  async function read(user: AuthenticatedUser, platform: TPlatform, backfill: TSyncStartResponse | null): Promise<TFieldMappingsResponse> {
    return withUser(pool, user.claims, async (db) => {
      const state = await findMappingState(db, user.id, platform);
      if (!state) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      const [rows, invalid] = await Promise.all([listMappings(db, user.id, platform), countInvalidValues(db, user.id, platform)]);
      return { platform, mappings: rows.map((row) => toMappingDto(row, invalid)), savedAt: state.saved_at?.toISOString() ?? null, backfill };
    });
  }

  return {
    get(user: AuthenticatedUser, platform: TPlatform): Promise<TFieldMappingsResponse> {
      return read(user, platform, null);
    },

    async replace(user: AuthenticatedUser, platform: TPlatform, body: z.output<typeof ZFieldMappingsBody>): Promise<TFieldMappingsResponse> {
      const connected = await withService(pool, (db) => findMappingState(db, user.id, platform));
      if (!connected) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      const fields = await catalogue.fieldsOf(user.id, platform);
      const checked = checkMappings(body.mappings, fields, registry.get(platform).maxMappedFieldsPerObject);
      if (checked.problems.length > 0) {
        throw new AppError('validation_failed', `Invalid body: ${checked.problems.map((problem) => problem.field).join(', ')}`, { issues: checked.problems });
      }
      // Mappings are the server's to write (their labels and types come from the catalogue): withService, naming the user.
      const outcome = await withService(pool, async (db) => {
        const state = await lockMappingState(db, user.id, platform);
        if (!state) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
        const before = signatureOf(await listMappings(db, user.id, platform));
        const after = mappingSignature(checked.mappings.map((m) => ({ objectType: m.field.objectType, field: m.field.name, targetKind: m.targetKind, targetKey: m.targetKey })));
        await replaceMappings(db, { userId: user.id, platform, mappings: checked.mappings });
        await markMappingSaved(db, user.id, platform);
        return { changed: before !== after, status: state.status };
      });
      // The full sync fills added fields and drops removed ones on every contact; a connection that
      // must be reconnected first gets it with the full sync after reconnecting.
      const backfill = outcome.changed && outcome.status !== 'needs_reauth' ? await sync.startSync(user, platform, 'full') : null;
      return read(user, platform, backfill);
    },
  };
}

/** The sync's view: the mapped fields that are not broken, as a plan. */
export async function loadFieldPlan(pool: Pool, userId: string, platform: TPlatform): Promise<FieldPlan> {
  const rows = await withService(pool, (db) => listMappings(db, userId, platform));
  const usable = rows.filter((row) => row.status === 'ok');
  if (usable.length === 0) return EMPTY_FIELD_PLAN;
  return buildFieldPlan(
    usable.map((row) => ({
      objectType: row.object_type,
      field: row.field_name,
      target: row.target_kind === 'custom' ? { kind: 'custom', key: row.target_key } : { kind: 'standard', field: row.target_key as TStandardContactField },
      type: row.field_type,
      options: row.options,
    })),
  );
}
