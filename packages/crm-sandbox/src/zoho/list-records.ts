import { renderContact } from './contact-fields';
import type { RenderContext } from './contact-fields';
import type { ContactStore } from './contact-store';
import type { ListQuery } from './list-query';
import { bindingOf } from './page-tokens';
import type { PageTokenCodec, PageTokenState } from './page-tokens';
import { walkContacts } from './record-walk';
import type { Cursor, WalkEntry } from './record-walk';
import type { ZohoLimits } from './types';
import { ZohoApiError, ZohoErrors, zohoError } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

export type ListContext = {
  orgId: string;
  store: ContactStore;
  render: RenderContext;
  limits: ZohoLimits;
  nowMs: number;
  codec: PageTokenCodec;
};

export type ListResult = { status: 200; body: { data: unknown[]; info: Record<string, unknown> } } | { status: 204 | 304 };

/**
 * Get Records: a page by `page` (within the first 2,000 records) or by `page_token`
 * (a signed keyset cursor), in the requested order, filtered by If-Modified-Since.
 */
export function listContacts(ctx: ListContext, query: ListQuery): ListResult {
  const binding = bindingOf([ctx.orgId, query.fields.join(','), query.perPage, query.sortBy, query.sortOrder, query.sinceSec]);
  const { entries, moreRecords, served, page } = query.pageToken ? pageFromToken(ctx, query, binding, query.pageToken) : pageFromNumber(ctx, query);

  if (entries.length === 0) return { status: query.sinceSec !== undefined ? 304 : 204 };

  const nowSec = Math.floor(ctx.nowMs / 1000);
  const expiresAtSec = nowSec + ctx.limits.pageTokenTtlSeconds;
  const token = (state: Omit<PageTokenState, 'expiresAtSec' | 'binding'>) => ctx.codec.encode({ ...state, expiresAtSec, binding });
  const first = entries[0] as WalkEntry;
  const last = entries[entries.length - 1] as WalkEntry;
  const next = moreRecords ? token({ dir: 'next', cursor: cursorOf(last), served: served + entries.length, page: page + 1 }) : null;
  const previous = page > 1 ? token({ dir: 'prev', cursor: cursorOf(first), served: Math.max(0, served - query.perPage), page: page - 1 }) : null;

  const data = entries.map((entry) => {
    const contact = ctx.store.getByRef(entry.ref);
    if (!contact) throw ZohoErrors.internal();
    return renderContact(contact, ctx.render, query.fields);
  });
  return {
    status: 200,
    body: {
      data,
      info: {
        per_page: query.perPage,
        next_page_token: next,
        count: data.length,
        sort_by: query.sortBy,
        page,
        previous_page_token: previous,
        page_token_expiry: next || previous ? formatZohoTime(expiresAtSec * 1000, ctx.render.offsetMinutes) : null,
        sort_order: query.sortOrder,
        more_records: moreRecords,
      },
    },
  };
}

type Page = { entries: WalkEntry[]; moreRecords: boolean; served: number; page: number };

function pageFromNumber(ctx: ListContext, query: ListQuery): Page {
  const page = query.page ?? 1;
  const skip = (page - 1) * query.perPage;
  const walk = walkContacts(ctx.store, { sortBy: query.sortBy, order: query.sortOrder, sinceSec: query.sinceSec });
  const entries = take(walk, skip, query.perPage + 1);
  return { entries: entries.slice(0, query.perPage), moreRecords: entries.length > query.perPage, served: skip, page };
}

function pageFromToken(ctx: ListContext, query: ListQuery, binding: string, raw: string): Page {
  const state = ctx.codec.decode(raw);
  if (!state) throw ZohoErrors.invalidParam('page_token');
  if (state.binding !== binding) {
    throw new ZohoApiError(
      400,
      zohoError('TOKEN_BOUND_DATA_MISMATCH', 'The page_token given seems to be invalid or input param is added, altered, or deleted', { param_name: 'page_token' }),
    );
  }
  if (state.expiresAtSec * 1000 <= ctx.nowMs) throw new ZohoApiError(400, zohoError('EXPIRED_VALUE', 'the page_token given has expired', { param_name: 'page_token' }));
  if (state.served >= ctx.limits.pageTokenMaxRecords) {
    throw new ZohoApiError(
      400,
      zohoError('PAGINATION_LIMIT_EXCEEDED', `You can only get up to first ${ctx.limits.pageTokenMaxRecords} records using page_token param.`, { param_name: 'page_token' }),
    );
  }
  const room = Math.min(query.perPage, ctx.limits.pageTokenMaxRecords - state.served);
  if (state.dir === 'next') {
    const walk = walkContacts(ctx.store, { sortBy: query.sortBy, order: query.sortOrder, after: state.cursor, sinceSec: query.sinceSec });
    const entries = take(walk, 0, room + 1);
    return { entries: entries.slice(0, room), moreRecords: entries.length > room, served: state.served, page: state.page };
  }
  // Walking the opposite way from the first record of the later page yields the page before it.
  const reverse = query.sortOrder === 'asc' ? 'desc' : 'asc';
  const walk = walkContacts(ctx.store, { sortBy: query.sortBy, order: reverse, after: state.cursor, sinceSec: query.sinceSec });
  const entries = take(walk, 0, query.perPage).reverse();
  return { entries, moreRecords: true, served: state.served, page: state.page };
}

function take(walk: Generator<WalkEntry>, skip: number, count: number): WalkEntry[] {
  const out: WalkEntry[] = [];
  let skipped = 0;
  for (const entry of walk) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    out.push(entry);
    if (out.length >= count) break;
  }
  return out;
}

function cursorOf(entry: WalkEntry): Cursor {
  return { sec: entry.sec, id: entry.id };
}
