import { z } from 'zod';
import { ZPlatform } from './platforms';

/**
 * CSV import: a file uploaded to one CRM, its columns mapped to contact fields, then created at
 * the CRM as a bulk job (kind 'import') with a verdict per row.
 */

/** Most data rows one file may hold (the header not counted). */
export const IMPORT_ROWS_MAX = 100_000;
/** Most columns one file may hold. */
export const IMPORT_COLUMNS_MAX = 200;
/** Largest file accepted, in bytes. */
export const IMPORT_FILE_BYTES_MAX = 50 * 1024 * 1024;
/** Rows of the file shown, with their validation, before the import starts. */
export const IMPORT_PREVIEW_ROWS = 20;

/** The fields of POST /crm/:platform/contacts a column can fill. */
export const IMPORT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'mobilePhone', 'company', 'jobTitle', 'country'] as const;
export const ZImportField = z.enum(IMPORT_FIELDS);
export type TImportField = z.infer<typeof ZImportField>;

/** mapping: the file is uploaded and waits for its column mapping; nothing has been sent. */
export const IMPORT_STATUSES = ['mapping', 'queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled'] as const;
export const ZImportStatus = z.enum(IMPORT_STATUSES);
export type TImportStatus = z.infer<typeof ZImportStatus>;

/** One entry per column of the header, in order: the field it fills, or null (not imported). */
export const ZImportMapping = z.array(ZImportField.nullable()).min(1).max(IMPORT_COLUMNS_MAX);
export type TImportMapping = z.infer<typeof ZImportMapping>;

export const ZImportFieldIssue = z.object({ field: z.string(), message: z.string() });

/** A row of the file as the mapping reads it, and what is wrong with it (empty when it would be sent). */
export const ZImportPreviewRow = z.object({
  /** The data row, from 1 (the line after the header). */
  row: z.number().int().positive(),
  cells: z.array(z.string()),
  contact: z.record(z.string(), z.string()),
  issues: z.array(ZImportFieldIssue),
});
export type TImportPreviewRow = z.infer<typeof ZImportPreviewRow>;

export const ZImport = z.object({
  id: z.uuid(),
  platform: ZPlatform,
  status: ZImportStatus,
  fileName: z.string(),
  /** The separator read from the header line: `,` or Excel's `;` (or a tab). */
  delimiter: z.string(),
  header: z.array(z.string()),
  /** The mapping guessed from the header names. */
  suggestedMapping: ZImportMapping,
  /** The mapping the import runs with (the suggestion until it is started). */
  mapping: ZImportMapping,
  /** The first rows, read with `mapping`. */
  preview: z.array(ZImportPreviewRow),
  total: z.number().int().nonnegative(),
  /** Rows created at the CRM. */
  created: z.number().int().nonnegative(),
  /** Rows refused: by our checks (the same as POST /crm/:platform/contacts) or by the CRM. */
  failed: z.number().int().nonnegative(),
  /** Rows not sent: already at the CRM (an earlier import, a synced contact, a row above in the file) or cancelled. */
  skipped: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  progress: z.number().min(0).max(1),
  cancelRequestedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** The created contacts appear in the lists after the incremental sync the import queues when it ends. */
  resyncQueued: z.boolean(),
});
export type TImport = z.infer<typeof ZImport>;

export const ZImportParams = z.strictObject({ id: z.uuid() });

/** The multipart form of POST /crm/:platform/imports: one part, `file`, the CSV. */
export const ZImportUpload = z.object({ file: z.string().meta({ format: 'binary', description: 'The CSV file (UTF-8, with or without a byte-order mark; comma- or semicolon-separated)' }) });

export const ZStartImportBody = z.strictObject({ mapping: ZImportMapping });
export type TStartImportBody = z.infer<typeof ZStartImportBody>;

export const ZImportResponse = z.object({ import: ZImport });
export type TImportResponse = z.infer<typeof ZImportResponse>;
