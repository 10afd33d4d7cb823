import { ZContactListFilter, type TSegment } from '@voiceagent/shared';
import type { SegmentCountsResult } from './segment-filter';
import type { SegmentRow } from './segments-repository';

/** The API's shape of a stored segment with its counts now. A filter that no longer parses is shown empty (its `problem` says so). */
export function toSegmentDto(row: SegmentRow, result: SegmentCountsResult): TSegment {
  const filter = ZContactListFilter.safeParse(row.filter);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    filter: filter.success ? filter.data : {},
    counts: result.counts,
    problem: result.problem ?? row.list_problem,
    source:
      row.kind === 'crm_list' && row.platform && row.external_list_id
        ? { platform: row.platform, listId: row.external_list_id, refreshedAt: row.list_refreshed_at?.toISOString() ?? null }
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
