import type { Readable } from 'node:stream';

/** A file to send: its content, streamed, and the name to save it as. */
export type ExportFile = { stream: Readable; filename: string };

/** YYYY-MM-DD of a moment, in UTC: the date in an export's file name. */
export function toDateStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
