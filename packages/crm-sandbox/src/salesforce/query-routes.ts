import express from 'express';
import type { Router } from 'express';
import { sfErrors } from './errors';
import type { SalesforceOrg } from './org';
import { openCursor, useCursor } from './query-cursors';
import type { QueryCursor } from './query-cursors';
import { runQuery, toJsonRecord } from './query-engine';
import { compile, handle, localsOf } from './rest-support';
import type { SalesforceSandboxState } from './sandbox-state';

const DEFAULT_BATCH = 2000;

/** GET /query and /queryAll run SOQL once into a cursor; GET /query/<locator>-<offset> serves its next batch. */
export function queryRoutes(state: SalesforceSandboxState): Router {
  const router = express.Router({ mergeParams: true });

  const run = (includeDeleted: boolean) =>
    handle((req, res) => {
      const { org, version } = localsOf(res);
      res.json(answerQuery(state, org, version, { soql: typeof req.query.q === 'string' ? req.query.q : undefined, includeDeleted, options: req.get('sforce-query-options') }));
    });
  router.get('/query', run(false));
  router.get('/queryAll', run(true));

  const more = handle((req, res) => {
    const { org, version } = localsOf(res);
    const match = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(String(req.params.locator));
    const cursor = match ? useCursor(org, match[1]!, state.now(), state.locatorTtlMs) : null;
    const offset = Number(match?.[2] ?? -1);
    if (!cursor || offset < 0 || offset >= cursor.refs.length) throw sfErrors.invalidLocator();
    res.json(queryPage(org, cursor, offset, batchSize(req.get('sforce-query-options')), version));
  });
  router.get('/query/:locator', more);
  router.get('/queryAll/:locator', more);
  return router;
}

/** The first batch of a query's result (GET /query, /queryAll, or a composite subrequest of either). */
export function answerQuery(
  state: SalesforceSandboxState,
  org: SalesforceOrg,
  version: string,
  input: { soql: string | undefined; includeDeleted: boolean; options: string | undefined },
) {
  const query = compile(input.soql, state, org);
  const refs = runQuery(org, query, input.includeDeleted);
  if (query.fields === null) return { totalSize: refs.length, done: true, records: [] };
  const batch = batchSize(input.options);
  const cursor: QueryCursor = { locator: '', type: query.type, fields: query.fields, refs, lastUsedMs: state.now() };
  // Only a result longer than one batch needs a locator to come back to.
  return queryPage(org, refs.length > batch ? openCursor(org, cursor, state.maxLocators) : cursor, 0, batch, version);
}

/** One batch of a cursor: records read now (values as they are), ids fixed when the query ran. */
function queryPage(org: SalesforceOrg, cursor: QueryCursor, offset: number, batch: number, version: string) {
  const store = org.stores[cursor.type];
  const end = Math.min(cursor.refs.length, offset + batch);
  const records = [];
  for (let i = offset; i < end; i++) records.push(toJsonRecord(cursor.type, version, cursor.fields, store.read(cursor.refs[i]!)!));
  const done = end >= cursor.refs.length;
  if (!done) prefetch(org, cursor, end, batch);
  return { totalSize: cursor.refs.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor.locator}-${end}` }), records };
}

const PREFETCH_SLICE = 250;

/**
 * Reads the next batch's records between requests, so their seeded people are generated (and
 * kept) while the client is busy with this batch: a cold first read then waits on faker less.
 */
function prefetch(org: SalesforceOrg, cursor: QueryCursor, from: number, batch: number): void {
  const store = org.stores[cursor.type];
  const to = Math.min(cursor.refs.length, from + batch);
  let next = from;
  const slice = () => {
    const end = Math.min(to, next + PREFETCH_SLICE);
    for (; next < end; next++) store.read(cursor.refs[next]!);
    if (next < to) setImmediate(slice);
  };
  setImmediate(slice);
}

/** `batchSize=n` of Sforce-Query-Options, clamped to 200..2000 as Salesforce does. */
export function batchSize(header: string | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  if (!match) return DEFAULT_BATCH;
  return Math.min(2000, Math.max(200, Number(match[1])));
}
