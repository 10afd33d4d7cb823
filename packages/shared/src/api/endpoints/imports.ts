import { z } from 'zod';
import { ZImportParams, ZImportResponse, ZImportUpload, ZStartImportBody } from '../../csv-imports';
import { ZPlatformParams } from '../../crm-connections';
import { defineEndpoint } from '../endpoint';

export const createImport = defineEndpoint({
  operationId: 'createImport',
  method: 'post',
  path: '/api/v1/crm/:platform/imports',
  tag: 'bulk',
  summary: 'Upload a CSV of contacts to import into this CRM; answers its header, a guessed mapping and a preview',
  description:
    'multipart/form-data with one part, `file`: UTF-8 CSV with or without a byte-order mark, comma- or (Excel) ' +
    'semicolon-separated — the separator is read from the header line. At most 100,000 data rows, 200 columns and 50 MB. ' +
    'The rows are stored as they arrive (never held whole) and nothing is sent yet: the import waits in status `mapping` ' +
    'with a mapping guessed from the header names and the first rows checked as POST /crm/{platform}/contacts checks a ' +
    'contact. Start it with POST /api/v1/imports/{id}/start.',
  auth: 'user',
  request: { params: ZPlatformParams, body: ZImportUpload, bodyContentType: 'multipart/form-data' },
  response: {
    status: 201,
    description: 'The uploaded import, waiting for its mapping',
    schema: ZImportResponse,
    headers: { Location: { description: 'The import: /api/v1/imports/{id}' } },
  },
  errors: ['crm_not_connected', 'payload_too_large', 'unsupported_media_type'],
});

export const getImport = defineEndpoint({
  operationId: 'getImport',
  method: 'get',
  path: '/api/v1/imports/:id',
  tag: 'bulk',
  summary: 'An import: its status, mapping, preview, progress and counts',
  auth: 'user',
  request: { params: ZImportParams },
  response: { status: 200, description: 'The import', schema: ZImportResponse },
  errors: ['not_found'],
});

export const startImport = defineEndpoint({
  operationId: 'startImport',
  method: 'post',
  path: '/api/v1/imports/:id/start',
  tag: 'bulk',
  summary: 'Start an import with this column mapping: its rows are created at the CRM in batches',
  description:
    '`mapping` has one entry per header column: the contact field it fills, or null. A field may be named once, and an ' +
    'email or a phone column is required. Rows are checked as POST /crm/{platform}/contacts checks a contact; a row that ' +
    'fails is reported and not sent. A row whose email (or phone) an earlier import already created, a contact synced ' +
    'from the CRM already has, or a row above it in the file has, is skipped: running the same file again creates nothing. ' +
    'When it ends, an incremental sync of the CRM is queued.',
  auth: 'user',
  request: { params: ZImportParams, body: ZStartImportBody },
  response: { status: 202, description: 'The queued import', schema: ZImportResponse },
  errors: ['not_found', 'conflict', 'crm_not_connected'],
});

export const cancelImport = defineEndpoint({
  operationId: 'cancelImport',
  method: 'post',
  path: '/api/v1/imports/:id/cancel',
  tag: 'bulk',
  summary: 'Stop an import before its next batch (or drop one still waiting for its mapping); unsent rows are skipped',
  auth: 'user',
  request: { params: ZImportParams },
  response: { status: 200, description: 'The import as it stands', schema: ZImportResponse },
  errors: ['not_found'],
});

export const getImportReport = defineEndpoint({
  operationId: 'getImportReport',
  method: 'get',
  path: '/api/v1/imports/:id/report',
  tag: 'bulk',
  summary: 'The rows of an import that were not created, with the reason, as CSV',
  description:
    'One line per failed or skipped row in file order: row number, status, reason code, reason, then the row\'s own cells ' +
    'under the file\'s header. UTF-8 with a byte-order mark, cells beginning with `= + - @` neutralised as the exports do.',
  auth: 'user',
  request: { params: ZImportParams },
  response: {
    status: 200,
    description: 'The report as CSV',
    schema: z.string(),
    contentType: 'text/csv',
    headers: { 'Content-Disposition': { description: 'attachment; filename="import-…-report.csv"' } },
  },
  errors: ['not_found'],
});
