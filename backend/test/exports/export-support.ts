import { parse } from 'csv-parse/sync';
import type pg from 'pg';

export type CsvAnswer = { status: number; headers: Headers; raw: Buffer; text: string; rows: string[][]; json: unknown };

/** Calls an export as a user: the body kept raw (BOM and all), read as CSV where it is one and as JSON otherwise. */
export async function fetchExport(url: string, authorization: { authorization: string }, body?: unknown): Promise<CsvAnswer> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  const isCsv = res.headers.get('content-type')?.startsWith('text/csv') === true;
  return {
    status: res.status,
    headers: res.headers,
    raw,
    text,
    rows: isCsv ? (parse(text, { bom: true, relax_column_count: false }) as string[][]) : [],
    json: isCsv ? undefined : JSON.parse(text),
  };
}

/** The rows as objects by header. */
export function toRecords(rows: string[][]): Array<Record<string, string>> {
  const [header = [], ...data] = rows;
  return data.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

type Mapping = { platform: string; field: string; key: string; label: string; type: string };

/** Custom keys as a saved mapping leaves them (sync is another component). */
export async function insertMappings(pool: pg.Pool, userId: string, mappings: Mapping[]): Promise<void> {
  for (const m of mappings) {
    await pool.query(
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
       values ($1, $2, 'contact', $3, 'custom', $4, $5, $6)`,
      [userId, m.platform, m.field, m.key, m.label, m.type],
    );
  }
}
