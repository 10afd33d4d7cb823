import { parse } from 'csv-parse/sync';
import { AppError } from '../../../http/app-error';

/**
 * One Bulk API 2.0 results page (RFC 4180, header row, every value quoted, empty for null) as
 * rows keyed by column. A page is at most `maxRecords` rows, so it is parsed whole: the sync
 * never holds more than the one page it is about to write.
 */
export function parseBulkCsvPage(text: string): Array<Record<string, string>> {
  if (text.trim() === '') return [];
  try {
    return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
    throw new AppError('provider_rejected', `Salesforce returned Bulk query results that are not valid CSV: ${reason}`, { platform: 'salesforce', operation: 'salesforce.bulk.results' });
  }
}
