import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { CsvError, parse } from 'csv-parse';
import { SUPPRESSION_IMPORT_BYTES_MAX, SUPPRESSION_IMPORT_ROWS_MAX } from '@voiceagent/shared';
import type { UploadBody } from '../http/endpoint-handler';
import { AppError } from '../http/app-error';

/** A cell to suppress, with the record it sits on in the file (the header, if any, is record 1). */
export type PhoneCell = { row: number; value: string };

/** Header names that mark the column holding the numbers, compared without case, spaces or punctuation. */
const PHONE_HEADERS = new Set(['phone', 'phonenumber', 'number', 'mobile', 'mobilephone', 'telephone', 'tel', 'e164', 'phonee164']);
const RECORD_CHARS_MAX = 64 * 1024;

const invalid = (message: string) => new AppError('validation_failed', message, { issues: [{ field: 'file', message }] });
const tooLarge = () => new AppError('payload_too_large', `The file is larger than ${SUPPRESSION_IMPORT_BYTES_MAX / 1024 / 1024} MB`);

/**
 * The phone cells of an uploaded CSV: multipart/form-data's `file` part, or a text/csv body.
 * One number per row (the first column), or a header naming a phone column; `isPhone` tells a
 * headerless file's first row from a header. Over the row or byte limit is a 413.
 */
export async function readSuppressionCsv(upload: UploadBody, isPhone: (text: string) => boolean): Promise<PhoneCell[]> {
  const type = String(upload.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('text/csv')) return readCells(limitBytes(upload.stream), isPhone);
  if (!type.startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', 'Send the CSV as multipart/form-data with a part named "file", or as a text/csv body');
  }
  const file = await openFilePart(upload);
  return readCells(file, isPhone);
}

/** The request stream, failing once it has carried more than the limit. */
function limitBytes(stream: Readable): Readable {
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > SUPPRESSION_IMPORT_BYTES_MAX) stream.destroy(tooLarge());
  });
  return stream;
}

function openFilePart(upload: UploadBody): Promise<Readable> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: upload.headers as busboy.BusboyConfig['headers'], limits: { files: 1, fileSize: SUPPRESSION_IMPORT_BYTES_MAX, fields: 10, parts: 11 } });
  } catch {
    throw new AppError('unsupported_media_type', 'Send the CSV as multipart/form-data with a part named "file"');
  }
  return new Promise((resolve, reject) => {
    let isFound = false;
    parser.on('file', (name, file) => {
      if (name !== 'file' || isFound) {
        file.resume();
        return;
      }
      isFound = true;
      file.on('limit', () => file.destroy(tooLarge()));
      resolve(file);
    });
    parser.on('error', (error) => reject(invalid(`The multipart body could not be read: ${(error as Error).message}`)));
    parser.on('close', () => {
      if (!isFound) reject(invalid('The form has no part named "file" holding the CSV'));
    });
    upload.stream.pipe(parser);
  });
}

async function readCells(file: Readable, isPhone: (text: string) => boolean): Promise<PhoneCell[]> {
  const csv = parse({ delimiter: [',', ';', '\t'], bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: RECORD_CHARS_MAX });
  file.on('error', (error) => csv.destroy(error));
  file.pipe(csv);
  const cells: PhoneCell[] = [];
  let column: number | undefined;
  let record = 0;
  try {
    for await (const cellsOfRow of csv as AsyncIterable<string[]>) {
      record += 1;
      const row = cellsOfRow.map((cell) => cell.replace(/\0/g, '').trim());
      if (column === undefined) {
        const headerColumn = row.findIndex((cell) => PHONE_HEADERS.has(cell.toLowerCase().replace(/[^a-z0-9]/g, '')));
        if (headerColumn >= 0) {
          column = headerColumn;
          continue;
        }
        column = 0;
        // A title over a single column ("Numbers") is a header; a row with a digit is a number, right or wrong.
        const isHeader = !isPhone(row[0] ?? '') && (row.length > 1 || !/\d/.test(row[0] ?? ''));
        if (isHeader && row.length > 1) throw invalid('The header names no phone column: call it "phone", or send one number per row');
        if (isHeader) continue;
      }
      const value = row[column] ?? '';
      if (value === '' && row.every((cell) => cell === '')) continue;
      if (cells.length >= SUPPRESSION_IMPORT_ROWS_MAX) {
        throw new AppError('payload_too_large', `The file has more than ${SUPPRESSION_IMPORT_ROWS_MAX.toLocaleString('en')} rows; split it into several files`);
      }
      cells.push({ row: record, value: value.slice(0, 200) });
    }
  } catch (error) {
    file.unpipe(csv);
    // The rest of the body is read and dropped, so that the answer reaches a client still sending.
    file.resume();
    if (error instanceof AppError) throw error;
    if (error instanceof CsvError) throw invalid(`The CSV could not be read: ${error.message}`);
    throw error;
  }
  if (cells.length === 0) throw invalid('The file holds no numbers');
  return cells;
}
