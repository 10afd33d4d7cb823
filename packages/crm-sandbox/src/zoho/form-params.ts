import express from 'express';
import type { Request, RequestHandler } from 'express';

/**
 * Zoho's accounts server takes its parameters as query parameters (as its docs show) or as a
 * form body: urlencoded, or multipart as Zoho's own SDKs send. These parse all three.
 */
export const parseFormBodies: RequestHandler[] = [
  express.urlencoded({ extended: false, limit: '100kb' }),
  express.raw({ type: 'multipart/form-data', limit: '100kb' }),
];

export function formParams(req: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) if (typeof value === 'string') params[name] = value;
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) Object.assign(params, parseMultipart(body, req.get('content-type') ?? ''));
  else if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) if (typeof value === 'string') params[name] = value;
  }
  return params;
}

/** Text fields of a multipart/form-data body; file parts are not needed here. */
function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return {};
  const fields: Record<string, string> = {};
  for (const part of body.toString('utf8').split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /filename=/i.test(headers)) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}
