import type { ContactPage, ContactPageRequest, CrmContactRecord, DeletedContact, ProviderCursor } from '../../../src/crm/crm-service';

export type SyncRun = {
  contacts: CrmContactRecord[];
  deleted: DeletedContact[];
  /** Every cursor handed back, as the sync engine would have stored it. */
  cursors: ProviderCursor[];
  pages: number;
  estimatedTotals: Array<number | null>;
};

type FetchPage = (request: ContactPageRequest) => Promise<ContactPage>;

/**
 * Drives a run the way the sync engine does: page after page, every cursor stored as JSON and
 * read back before the next call. `stopAfterPages` ends the run early (a killed worker); pass the
 * result to `resumeSync` with a fresh service to finish it.
 */
export async function runSync(fetchPage: FetchPage, request: Omit<ContactPageRequest, 'cursor'>, options: { stopAfterPages?: number; maxPages?: number } = {}): Promise<SyncRun> {
  return continueSync(fetchPage, { ...request, cursor: null }, emptyRun(), options);
}

export async function resumeSync(fetchPage: FetchPage, request: Omit<ContactPageRequest, 'cursor'>, partial: SyncRun, options: { maxPages?: number } = {}): Promise<SyncRun> {
  const saved = partial.cursors.at(-1);
  if (!saved) throw new Error('nothing to resume: the partial run saved no cursor');
  return continueSync(fetchPage, { ...request, cursor: saved }, partial, options);
}

async function continueSync(fetchPage: FetchPage, first: ContactPageRequest, run: SyncRun, options: { stopAfterPages?: number; maxPages?: number }): Promise<SyncRun> {
  const seen = new Set(run.cursors.map((cursor) => JSON.stringify(cursor)));
  let request = first;
  const maxPages = options.maxPages ?? 2000;
  for (;;) {
    const page = await fetchPage(request);
    run.pages += 1;
    run.contacts.push(...page.contacts);
    run.deleted.push(...page.deleted);
    run.estimatedTotals.push(page.estimatedTotal);
    if (page.nextCursor === null) return run;
    // What Postgres would hand back: plain JSON, nothing else survives.
    const stored = JSON.stringify(page.nextCursor);
    if (seen.has(stored)) throw new Error(`the cursor repeated after ${run.pages} pages: ${stored}`);
    seen.add(stored);
    run.cursors.push(JSON.parse(stored) as ProviderCursor);
    if (run.pages >= maxPages) throw new Error(`no end after ${maxPages} pages`);
    if (options.stopAfterPages !== undefined && run.pages >= options.stopAfterPages) return run;
    request = { ...request, cursor: run.cursors.at(-1)! };
  }
}

function emptyRun(): SyncRun {
  return { contacts: [], deleted: [], cursors: [], pages: 0, estimatedTotals: [] };
}

/** Ids that came more than once, with how often. */
export function findRepeats(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return new Map([...counts].filter(([, count]) => count > 1));
}

/** The last version of each contact a run delivered, by id: what the sync's upserts leave behind. */
export function keepLatest(contacts: CrmContactRecord[]): Map<string, CrmContactRecord> {
  const latest = new Map<string, CrmContactRecord>();
  for (const contact of contacts) latest.set(contact.externalId, contact);
  return latest;
}
