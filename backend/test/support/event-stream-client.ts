import { parseLiveEvent, type TLiveEvent } from '@voiceagent/shared';

export type OpenedEventStream = {
  status: number;
  contentType: string | null;
  /** The body when the server refused the stream (a JSON error). */
  errorBody: unknown;
  /** Every event received so far, parsed with the contract's schemas (a message that fails them is kept in `unparsed`). */
  events: TLiveEvent[];
  unparsed: string[];
  waitFor(predicate: (events: TLiveEvent[]) => boolean, timeoutMs?: number): Promise<TLiveEvent[]>;
  /** Resolves when the stream ends: clean when the server ended the response, not when the connection broke or close() aborted it. */
  ended: Promise<{ isClean: boolean }>;
  close(): void;
};

/**
 * Opens GET /api/v1/events with fetch and reads it as an EventSource would: messages split on a
 * blank line, `id:`, `event:` and `data:` fields, comment lines ignored.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<OpenedEventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: TLiveEvent[] = [];
  const unparsed: string[] = [];
  const waiters = new Set<() => void>();
  const opened: OpenedEventStream = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    errorBody: undefined,
    events,
    unparsed,
    ended: Promise.resolve({ isClean: false }),
    async waitFor(predicate, timeoutMs = 20_000) {
      if (predicate(events)) return events;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(events.map((e) => [e.id, e.kind]))}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(events);
        };
        waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
  if (res.status !== 200 || !res.body) {
    opened.errorBody = await res.json().catch(() => undefined);
    return opened;
  }
  const body = res.body.pipeThrough(new TextDecoderStream());
  opened.ended = (async () => {
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          readMessage(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
      return { isClean: true };
    } catch {
      // Aborted by close(), or the connection was cut.
      return { isClean: false };
    }
  })();
  return opened;

  function readMessage(block: string) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      fields[name] = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.data === undefined) return;
    const event = parseLiveEvent({ id: fields.id ?? '', event: fields.event ?? 'message', data: fields.data });
    if (event) events.push(event);
    else unparsed.push(block);
    for (const waiter of [...waiters]) waiter();
  }
}
