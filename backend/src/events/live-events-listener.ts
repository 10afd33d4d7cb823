import pg from 'pg';
import type { Logger } from 'pino';

export const LIVE_EVENTS_CHANNEL = 'live_events';

export type LiveEventsListener = {
  /** Opens the LISTEN connection if it is not open yet; resolves once it listens (or has failed once and retries). */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * One LISTEN connection per process, outside the pool (a pooled client would go back to the pool
 * and lose its LISTEN). `onNotify` gets the user id each notification carries; `onReconnect` runs
 * after a lost connection is back, since notifications sent meanwhile are gone.
 */
export function createLiveEventsListener(options: {
  databaseUrl: string;
  logger: Logger;
  onNotify: (userId: string) => void;
  onReconnect: () => void;
}): LiveEventsListener {
  const { logger } = options;
  let client: pg.Client | undefined;
  let starting: Promise<void> | undefined;
  let isStopped = false;
  let retryDelayMs = 500;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: 'voiceagent-live-events' });
    next.on('notification', (message) => {
      if (message.channel === LIVE_EVENTS_CHANNEL && message.payload) options.onNotify(message.payload);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'live events: the LISTEN connection failed; reconnecting');
      void next.end().catch(() => undefined);
    });
    next.on('end', () => {
      if (client === next) client = undefined;
      if (!isStopped) scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`listen ${LIVE_EVENTS_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (isStopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryDelayMs = 500;
  };

  const scheduleReconnect = () => {
    if (retryTimer || isStopped) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect()
        .then(() => options.onReconnect())
        .catch((error: unknown) => {
          logger.warn({ err: error, retryInMs: retryDelayMs }, 'live events: cannot LISTEN yet');
          retryDelayMs = Math.min(retryDelayMs * 2, 30_000);
          scheduleReconnect();
        });
    }, retryDelayMs);
    retryTimer.unref();
  };

  return {
    start() {
      isStopped = false;
      starting ??= connect().catch((error: unknown) => {
        // Streams still get their events from the heartbeat's read until the connection is back.
        logger.warn({ err: error }, 'live events: cannot LISTEN; retrying');
        scheduleReconnect();
      });
      return starting;
    },
    async stop() {
      isStopped = true;
      starting = undefined;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
