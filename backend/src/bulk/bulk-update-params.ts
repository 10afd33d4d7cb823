import { z } from 'zod';
import { ZBulkFieldValue, ZContactObjectType, ZPlatform, type TBulkTargetCount } from '@voiceagent/shared';

/** One CRM object's assignment as a job keeps it: the field and checked value (none for an archive), how many rows it took. */
const ZStoredTarget = z.object({
  platform: ZPlatform,
  objectType: ZContactObjectType,
  field: z.string().optional(),
  value: ZBulkFieldValue.optional(),
  count: z.number().int().nonnegative(),
});
export type StoredTarget = z.infer<typeof ZStoredTarget>;

/** bulk_jobs.params of a CRM update or archive: its targets, and the CRMs whose sync was queued when it ended. */
const ZUpdateParams = z.object({ targets: z.array(ZStoredTarget), resyncQueued: z.array(ZPlatform).optional() });
export type UpdateParams = z.infer<typeof ZUpdateParams>;

export function readUpdateParams(params: unknown): UpdateParams {
  return ZUpdateParams.parse(params);
}

export function toTargetCounts(params: UpdateParams): TBulkTargetCount[] {
  return params.targets.map(({ platform, objectType, field, count }) => ({ platform, objectType, field: field ?? null, count }));
}
