import type { TBulkFieldValue, TBulkJob, TBulkTargetCount, TBulkUpdateSet, TContactObjectType, TCrmField, TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';

/** What the person has chosen for one CRM object: a field (API name) and a value; null field: leave it alone. */
export type Draft = { field: string | null; value: TBulkFieldValue };
export type DraftKey = `${TPlatform}:${TContactObjectType}`;
export type Drafts = Partial<Record<DraftKey, Draft>>;

const countFormat = new Intl.NumberFormat('en');

/** The fields a bulk update may set on this object: those the CRM lets an API client write, by label. */
export function writableFields(fields: readonly TCrmField[], objectType: TContactObjectType): TCrmField[] {
  return fields
    .filter((field) => field.objectType === objectType && !field.readOnly && !field.calculated)
    .sort((a, b) => (a.label || a.name).localeCompare(b.label || b.name));
}

/** The empty value of a field's input: nothing typed yet clears the field, unless a type has a natural first value. */
export function initialValue(field: TCrmField): TBulkFieldValue {
  if (field.type === 'boolean') return true;
  if (field.type === 'multi_select') return [];
  return null;
}

/** The request's `set` from the drafts with a field chosen; null when none has one. */
export function buildSet(drafts: Drafts): TBulkUpdateSet | null {
  const set: Record<string, Record<string, { field: string; value: TBulkFieldValue }>> = {};
  for (const [key, draft] of Object.entries(drafts) as Array<[DraftKey, Draft | undefined]>) {
    if (!draft?.field) continue;
    const [platform, objectType] = key.split(':') as [TPlatform, TContactObjectType];
    const value = Array.isArray(draft.value) && draft.value.length === 0 ? null : draft.value;
    set[platform] = { ...set[platform], [objectType]: { field: draft.field, value } };
  }
  return Object.keys(set).length === 0 ? null : (set as TBulkUpdateSet);
}

function nounOf(target: { platform: TPlatform; objectType: TContactObjectType; count: number }): string {
  const noun = target.objectType === 'lead' ? 'lead' : 'contact';
  return `${countFormat.format(target.count)} ${PLATFORM_LABELS[target.platform]} ${noun}${target.count === 1 ? '' : 's'}`;
}

/** The confirmation: "Update 1,204 HubSpot contacts and 310 Zoho CRM contacts?" */
export function describeCounts(targets: readonly TBulkTargetCount[]): string {
  const parts = targets.filter((target) => target.count > 0).map(nounOf);
  if (parts.length === 0) return 'None of the selected contacts is in a CRM you chose a field for.';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `Update ${list}?`;
}

/** "1,000 of 1,514 done · 3 failed" */
export function describeProgress(job: Pick<TBulkJob, 'total' | 'succeeded' | 'failed' | 'skipped'>): string {
  const done = job.succeeded + job.failed + job.skipped;
  const parts = [`${countFormat.format(done)} of ${countFormat.format(job.total)} done`];
  if (job.failed > 0) parts.push(`${countFormat.format(job.failed)} failed`);
  if (job.skipped > 0) parts.push(`${countFormat.format(job.skipped)} skipped`);
  return parts.join(' · ');
}

export const JOB_STATUS_LABELS = {
  queued: 'Queued',
  running: 'Updating',
  succeeded: 'Done',
  partially_failed: 'Done, with failures',
  failed: 'Failed',
  cancelled: 'Cancelled',
} as const satisfies Record<TBulkJob['status'], string>;
