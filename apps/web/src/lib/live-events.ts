import { endpoints, LIVE_EVENT_KINDS, parseLiveEvent, type TLiveEvent } from '@voiceagent/shared';
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import { useApiClient } from './backend';

/** The first reconnect waits this long; each failure doubles it, up to RECONNECT_MAX_MS. */
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

// Whether the page's one stream is open: queries poll only while it is not.
let isConnected = false;
const listeners = new Set<() => void>();
function setConnected(value: boolean) {
  if (isConnected === value) return;
  isConnected = value;
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * True while the live stream is open. Screens that used to poll pass it to their queries: they
 * poll only while it is false (before it connects, or while it reconnects), since the stream
 * tells the cache what changed otherwise.
 */
export const useIsLive = (): boolean => useSyncExternalStore(subscribe, () => isConnected, () => false);

/**
 * The page's one subscription to GET /api/v1/events, for the signed-in layout. EventSource cannot
 * send an Authorization header, so each (re)connection first asks for a short-lived ticket;
 * EventSource's own retry would reuse a spent ticket, so a dropped stream is closed and opened
 * again here, with a backoff and `lastEventId`, which the server resumes after.
 */
export function useLiveEvents(onEvent: (event: TLiveEvent) => void): void {
  const api = useApiClient();
  const handleEvent = useEffectEvent(onEvent);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delayMs = RECONNECT_MIN_MS;
    let lastEventId: string | null = null;
    let isStopped = false;

    const retry = () => {
      setConnected(false);
      if (isStopped) return;
      retryTimer = setTimeout(connect, delayMs + Math.random() * 500);
      delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS);
    };

    const connect = async () => {
      let ticket: string;
      try {
        ticket = (await api.call(endpoints.createEventTicket)).ticket;
      } catch {
        return retry();
      }
      if (isStopped) return;
      const query = new URLSearchParams({ ticket, ...(lastEventId ? { lastEventId } : {}) });
      const opened = new EventSource(`${endpoints.streamEvents.path}?${query}`);
      source = opened;
      opened.onopen = () => {
        delayMs = RECONNECT_MIN_MS;
        setConnected(true);
      };
      opened.onerror = () => {
        opened.close();
        if (source === opened) source = null;
        retry();
      };
      const receive = (message: MessageEvent<string>) => {
        const event = parseLiveEvent({ id: message.lastEventId, event: message.type, data: message.data });
        if (!event) return;
        lastEventId = event.id;
        handleEvent(event);
      };
      for (const kind of LIVE_EVENT_KINDS) opened.addEventListener(kind, receive);
    };

    void connect();
    return () => {
      isStopped = true;
      clearTimeout(retryTimer);
      source?.close();
      setConnected(false);
    };
  }, [api]);
}
