import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvUpload } from './csv-upload';

const BOUNDARY = 'csv-upload-test-boundary';

/** A multipart body holding a CSV of `rows` rows, produced line by line; `produced.rows` says how far it has got. */
function multipart(rows: number, produced: { rows: number }): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`);
      yield Buffer.from('\uFEFFEmail;Name\r\n');
      for (let i = 1; i <= rows; i += 1) {
        produced.rows = i;
        yield Buffer.from(`row-${i}@example.test;"Name; ${i}"\r\n`);
      }
      yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    })(),
    { objectMode: false },
  );
}

describe('readCsvUpload', () => {
  it('hands the rows on in chunks while the body is still arriving, and waits for each chunk to be stored before reading on', async () => {
    const ROWS = 20_000;
    const produced = { rows: 0 };
    const seen: Array<{ firstRow: number; count: number; producedThen: number }> = [];
    const head = await readCsvUpload(
      { stream: multipart(ROWS, produced), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } },
      {
        async header() {},
        async rows(firstRow, rows) {
          seen.push({ firstRow, count: rows.length, producedThen: produced.rows });
          // A slow store: the reader must not run ahead of it.
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
      },
    );
    expect(head).toMatchObject({ delimiter: ';', header: ['Email', 'Name'], rowCount: ROWS });
    expect(seen.map((chunk) => chunk.firstRow)).toEqual(Array.from({ length: ROWS / 1000 }, (_, i) => i * 1000 + 1));
    expect(seen.every((chunk) => chunk.count === 1000)).toBe(true);
    // Each chunk is stored when the body has got at most a few thousand rows further (the streams'
    // buffers), never the whole file: memory holds a chunk and those buffers, whatever the size.
    for (const chunk of seen) expect(chunk.producedThen - (chunk.firstRow + chunk.count - 1)).toBeLessThan(5000);
    expect(seen[0]!.producedThen).toBeLessThan(ROWS / 2);
  });
});
