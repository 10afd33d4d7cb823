import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { CursorStream } from '../db/cursor-stream';
import { withUser, type UserClaims } from '../db/transactions';
import { neutraliseCell, type CsvCell } from './csv-cells';

/** What an export reads and how each row becomes cells. */
export type CsvExportPlan<R> = {
  header: string[];
  /** One parameterised statement in a stable order (a cursor reads it in that order). */
  text: string;
  values: unknown[];
  toCells: (row: R) => CsvCell[];
};

export type CsvExportOptions = {
  pool: Pool;
  claims: UserClaims;
  logger: Logger;
  /** Names the export in the log: "contacts export". */
  what: string;
  /** Rows a cursor fetch reads: the memory in flight is about this many rows, whatever the export's size. */
  batchSize?: number;
};

// Rows per cursor fetch. Larger batches save round trips but live long enough to reach V8's old
// space: at 1,000 the server's RSS climbed by about 100 MB during a wide export; at 300 it stays
// flat for about three quarters of that throughput (bench/export/contacts-csv.ts).
const DEFAULT_BATCH_SIZE = 300;

/**
 * Streams one export as CSV, read as the user (withUser: their role and claims, so RLS holds)
 * through a server-side cursor. `plan` runs first in the same transaction: whatever it throws
 * (a 400 for a wrong column or tree, a 404) rejects this promise before a byte is written. After
 * that the rows flow cursor → cells → CSV → the returned stream, with backpressure at each step,
 * so a slow client slows the cursor rather than filling memory.
 *
 * The stream ending early (the client went away) destroys the cursor and ends the transaction,
 * releasing its client. An error mid-way destroys the stream with it: the status is long sent,
 * so the response can only be cut, which the client sees as a truncated transfer.
 */
export function streamCsvAsUser<R>(options: CsvExportOptions, plan: (db: PoolClient) => Promise<CsvExportPlan<R>>): Promise<Readable> {
  const { pool, claims, logger, what } = options;
  const out = new PassThrough();
  let rows = 0;
  return new Promise((resolve, reject) => {
    let isStarted = false;
    let client: PoolClient | undefined;
    // A lost connection is an event on the client (unheard, it would take the process down),
    // told before the cursor learns of it: the cursor is abandoned there and then.
    let failCursor = (_error: Error) => {};
    const onClientError = (error: Error) => failCursor(error);
    withUser(pool, claims, async (db) => {
      client = db;
      db.on('error', onClientError);
      const { header, text, values, toCells } = await plan(db);
      isStarted = true;
      resolve(out);
      const cursor = db.query(new CursorStream(text, values, { batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE }));
      failCursor = (error) => cursor.abandon(error);
      const toRecords = new Transform({
        objectMode: true,
        transform(row: R, _encoding, done) {
          rows += 1;
          done(null, toCells(row));
        },
      });
      // Every text cell quoted, so that a separator inside one can never start a new cell.
      const csv = stringify({ bom: true, quoted_string: true, record_delimiter: 'windows' });
      csv.write(header.map((label) => neutraliseCell(label)));
      await pipeline(cursor, toRecords, csv, out);
    })
      .catch((error: unknown) => {
        if (!isStarted) reject(error);
        else settleFailure(error);
      })
      .finally(() => client?.off('error', onClientError));
  });

  function settleFailure(error: unknown): void {
    if (isClientGone(error)) {
      logger.info({ what, rows }, `${what} stopped after ${rows} rows: the client went away`);
      return;
    }
    logger.error({ err: error, what, rows }, `${what} failed after ${rows} rows; the response is cut`);
    // Already destroyed by the pipeline, unless the failure came after it (the commit).
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The stream's reader left: the response was closed before the end. */
export function isClientGone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}
