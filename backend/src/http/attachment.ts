import type { Readable } from 'node:stream';
import type { RawResponse } from './endpoint-handler';

/**
 * A streamed file as a download. Exports hold people's contact data: no cache along the way may
 * keep a copy. The name is ASCII (the callers build it so) and needs no quoting beyond its quotes.
 */
export function toAttachment(file: { stream: Readable; filename: string }): RawResponse {
  return {
    body: file.stream,
    headers: { 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'no-store' },
  };
}
