import type { ContactPage } from '../crm-service';

/**
 * How far a provider clock may lag ours and still lose nothing. A record changed while a run was
 * paging may have been passed already, and a later record of the same run can carry a newer
 * time, so the latest time a run saw is not safe on its own: the watermark is also held below
 * the run's start. A provider clock ahead of ours is always safe; one behind by less than this
 * too. What this costs: the next incremental run reads again what changed in this window before
 * the previous run started — rows identical to ours are not written.
 */
export const WATERMARK_SKEW_MS = 10 * 60 * 1000;

/** The latest provider time in a page: contacts' crmUpdatedAt and deletions' deletedAt. */
export function latestProviderTime(page: Pick<ContactPage, 'contacts' | 'deleted'>): Date | null {
  let latest: number | null = null;
  const consider = (date: Date | null) => {
    const time = date?.getTime();
    if (time !== undefined && Number.isFinite(time) && (latest === null || time > latest)) latest = time;
  };
  for (const contact of page.contacts) consider(contact.crmUpdatedAt);
  for (const deletion of page.deleted) consider(deletion.deletedAt);
  return latest === null ? null : new Date(latest);
}

/**
 * Where the next incremental run starts (inclusive): the latest provider time the run saw,
 * but never later than its start less WATERMARK_SKEW_MS. Null when it saw no dated record.
 */
export function computeWatermark(maxSeenAt: Date | null, runStartedAt: Date): Date | null {
  if (!maxSeenAt) return null;
  const ceiling = runStartedAt.getTime() - WATERMARK_SKEW_MS;
  return new Date(Math.min(maxSeenAt.getTime(), ceiling));
}
