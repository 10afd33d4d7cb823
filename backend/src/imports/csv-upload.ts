import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { CsvError, parse } from 'csv-parse';
import { IMPORT_COLUMNS_MAX, IMPORT_FILE_BYTES_MAX, IMPORT_ROWS_MAX } from '@voiceagent/shared';
import type { UploadBody } from '../http/endpoint-handler';
import { AppError } from '../http/app-error';

/** The file as its header line describes it. */
export type CsvHead = { fileName: string; delimiter: string; header: string[] };

/** Where the rows go as they are read: the header once, then the data rows a chunk at a time. */
export type CsvSink = {
  header(head: CsvHead): Promise<void>;
  /** Rows `firstRow`, `firstRow + 1`, … (data rows count from 1, after the header). */
  rows(firstRow: number, rows: string[][]): Promise<void>;
};

/** Rows handed to the sink at once (one insert each): 1,000 rows, or fewer when they hold over a megabyte of text. */
const CHUNK_ROWS = 1000;
const CHUNK_CHARS = 1024 * 1024;
/** Longest line read to find the separator, and longest record: a real row is far shorter. */
const RECORD_CHARS_MAX = 256 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;

const invalid = (message: string, field = 'file') => new AppError('validation_failed', message, { issues: [{ field, message }] });

/**
 * Reads a multipart upload's `file` part as CSV while it arrives: decoded as UTF-8 (a byte-order
 * mark dropped, any invalid byte a 400), the separator taken from the header line (Excel writes
 * `;` where the decimal mark is a comma), parsed by csv-parse and handed to `sink` in chunks, so
 * that memory holds one chunk whatever the file's size. Returns the head and the row count.
 */
export async function readCsvUpload(upload: UploadBody, sink: CsvSink): Promise<CsvHead & { rowCount: number }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: upload.headers as busboy.BusboyConfig['headers'], limits: { files: 1, fileSize: IMPORT_FILE_BYTES_MAX, fields: 10, parts: 11 } });
  } catch {
    throw new AppError('unsupported_media_type', 'Send the CSV as multipart/form-data with a part named "file"');
  }
  return new Promise((resolve, reject) => {
    let work: Promise<CsvHead & { rowCount: number }> | undefined;
    const fail = (error: unknown) => {
      upload.stream.unpipe(parser);
      // The rest of the body is read and dropped, so that the answer reaches a client still sending.
      upload.stream.resume();
      reject(error);
    };
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || work) {
        file.resume();
        return;
      }
      file.on('limit', () => file.destroy(new AppError('payload_too_large', `The file is larger than ${IMPORT_FILE_BYTES_MAX / 1024 / 1024} MB`)));
      work = readCsvFile(file, info.filename ?? 'import.csv', sink);
      work.catch(fail);
    });
    parser.on('error', (error) => fail(error instanceof AppError ? error : invalid(`The multipart body could not be read: ${(error as Error).message}`)));
    parser.on('close', () => {
      if (!work) fail(invalid('The form has no part named "file" holding the CSV'));
      else work.then(resolve, fail);
    });
    upload.stream.pipe(parser);
  });
}

async function readCsvFile(file: Readable, fileName: string, sink: CsvSink): Promise<CsvHead & { rowCount: number }> {
  const texts = decodeUtf8(file)[Symbol.asyncIterator]();
  let start = '';
  while (!start.includes('\n') && start.length < RECORD_CHARS_MAX) {
    const next = await texts.next();
    if (next.done) break;
    start += next.value;
  }
  const delimiter = detectDelimiter(start);
  const source = Readable.from(
    (async function* () {
      yield start;
      for (;;) {
        const next = await texts.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  const csv = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, max_record_size: RECORD_CHARS_MAX });
  const feeding = pipeline(source, csv);
  feeding.catch(() => {});
  let head: CsvHead | undefined;
  let chunk: string[][] = [];
  let chunkChars = 0;
  let rowCount = 0;
  try {
    for await (const record of csv as AsyncIterable<string[]>) {
      // Postgres text cannot hold NUL; nothing a person types contains one.
      const cells = record.map((cell) => cell.replace(/\0/g, ''));
      if (!head) {
        if (cells.length > IMPORT_COLUMNS_MAX) throw invalid(`The header has ${cells.length} columns; at most ${IMPORT_COLUMNS_MAX} are read`);
        head = { fileName: [...fileName].filter((char) => char >= ' ' && char !== '\x7f').join('').slice(0, 255) || 'import.csv', delimiter, header: cells.map((cell, i) => cell.trim().slice(0, 200) || `Column ${i + 1}`) };
        await sink.header(head);
        continue;
      }
      if (cells.every((cell) => cell.trim() === '')) continue;
      rowCount += 1;
      if (rowCount > IMPORT_ROWS_MAX) throw new AppError('payload_too_large', `The file has more than ${IMPORT_ROWS_MAX.toLocaleString('en')} rows; split it into several imports`);
      const row = cells.slice(0, head.header.length).map((cell) => cell.slice(0, 2000));
      chunk.push(row);
      chunkChars += row.reduce((sum, cell) => sum + cell.length, 0);
      if (chunk.length === CHUNK_ROWS || chunkChars >= CHUNK_CHARS) {
        await sink.rows(rowCount - chunk.length + 1, chunk);
        chunk = [];
        chunkChars = 0;
      }
    }
    await feeding;
  } catch (error) {
    source.destroy();
    if (error instanceof CsvError) throw invalid(`The CSV could not be read: ${error.message}`);
    throw error;
  }
  if (!head) throw invalid('The file is empty: a header line naming the columns is needed');
  if (chunk.length > 0) await sink.rows(rowCount - chunk.length + 1, chunk);
  if (rowCount === 0) throw invalid('The file has a header but no rows');
  return { ...head, rowCount };
}

/** The file as text; a byte that is not UTF-8 is the file's encoding being another, which would garble every name. */
async function* decodeUtf8(file: Readable): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of file) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text !== '') yield text;
    }
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  } catch (error) {
    if (error instanceof TypeError) throw invalid('The file is not UTF-8 text: save it as "CSV UTF-8" and upload it again');
    throw error;
  }
}

/** The separator the header line uses most outside quotes: `,` unless `;` or a tab outnumbers it. */
export function detectDelimiter(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let isQuoted = false;
  for (const char of line) {
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}
