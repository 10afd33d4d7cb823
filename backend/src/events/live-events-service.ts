import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { LIVE_EVENT_SCHEMAS, type TEventTicket } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import type { EventTickets } from './event-tickets';
import { createLiveEventsListener } from './live-events-listener';
import { deleteExpiredEvents, findLatestEventId, readEventsAfter } from './live-events-repository';

/** Open streams one user may hold in one process (a tab each); one more is a 429. */
export const MAX_STREAMS_PER_USER = 5;
/** A comment line this often keeps proxies from closing an idle stream, and re-reads in case a notification was lost. */
export const HEARTBEAT_MS = 15_000;
/** Events are kept this long: the window in which Last-Event-ID resumes without a gap. */
export const LIVE_EVENT_RETENTION_SECONDS = 3600;
/** Rows one read takes; a full read is followed by another at once. */
const READ_LIMIT = 500;
/**
 * An event sent this long ago is settled: no transaction still open can write an id below it
 * (short of one open that long after writing its event), so the stream's floor may pass it.
 */
const SETTLE_MS = 60_000;
/** A client this far behind (bytes waiting in our buffer) is cut off; it reconnects and resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

type LiveStream = {
  user: AuthenticatedUser;
  body: Readable;
  /** Ids at or below it were sent or will never appear. */
  floor: bigint;
  /** Ids above the floor already sent, with when they were sent. */
  sent: Map<bigint, number>;
  isReading: boolean;
  isDirty: boolean;
  isClosed: boolean;
};

export type LiveEventsService = ReturnType<typeof createLiveEventsService>;

/**
 * The browser's live stream (GET /api/v1/events): per process one LISTEN connection whose
 * notifications (a user id each) wake that user's open streams; each stream then reads the
 * events after the last it sent AS THE USER, so row-level security decides what it may see.
 */
export function createLiveEventsService(deps: { pool: Pool; databaseUrl: string; tickets: EventTickets; logger: Logger }) {
  const { pool, logger } = deps;
  const streamsByUser = new Map<string, Set<LiveStream>>();
  let heartbeat: NodeJS.Timeout | undefined;

  const forEachStream = (fn: (stream: LiveStream) => void) => {
    for (const streams of streamsByUser.values()) for (const stream of streams) fn(stream);
  };
  const listener = createLiveEventsListener({
    databaseUrl: deps.databaseUrl,
    logger,
    onNotify: (userId) => streamsByUser.get(userId)?.forEach((stream) => void pump(stream)),
    onReconnect: () => forEachStream((stream) => void pump(stream)),
  });

  const write = (stream: LiveStream, text: string) => {
    if (stream.isClosed) return;
    stream.body.push(text);
    if (stream.body.readableLength > MAX_BUFFERED_BYTES) {
      logger.info({ userId: stream.user.id }, 'live events: a client fell too far behind; closing its stream');
      close(stream);
    }
  };

  const close = (stream: LiveStream) => {
    if (stream.isClosed) return;
    stream.isClosed = true;
    stream.body.push(null);
    unregister(stream);
  };

  const unregister = (stream: LiveStream) => {
    stream.isClosed = true;
    const streams = streamsByUser.get(stream.user.id);
    streams?.delete(stream);
    if (streams?.size === 0) streamsByUser.delete(stream.user.id);
    if (streamsByUser.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  /** Sends what the stream has not sent yet; a wake-up during a read makes it read again after. */
  const pump = async (stream: LiveStream): Promise<void> => {
    if (stream.isClosed) return;
    if (stream.isReading) {
      stream.isDirty = true;
      return;
    }
    stream.isReading = true;
    try {
      do {
        stream.isDirty = false;
        const sentIds = [...stream.sent.keys()].map(String);
        const rows = await withUser(pool, stream.user.claims, (db) => readEventsAfter(db, stream.floor.toString(), sentIds, READ_LIMIT));
        const sentAt = Date.now();
        for (const row of rows) {
          const id = BigInt(row.id);
          stream.sent.set(id, sentAt);
          const data = LIVE_EVENT_SCHEMAS[row.kind].safeParse(row.payload);
          // The triggers and the contract disagree: a bug of ours, not the user's; the rest still goes out.
          if (!data.success) logger.error({ eventId: row.id, kind: row.kind, issues: data.error.issues }, 'live events: an event does not match its schema');
          else write(stream, `id: ${row.id}\nevent: ${row.kind}\ndata: ${JSON.stringify(data.data)}\n\n`);
        }
        settle(stream, sentAt);
        if (rows.length === READ_LIMIT) stream.isDirty = true;
      } while (stream.isDirty && !stream.isClosed);
    } catch (error) {
      // The next notification or heartbeat reads again from the same floor: nothing is skipped.
      logger.warn({ err: error, userId: stream.user.id }, 'live events: reading events failed');
    } finally {
      stream.isReading = false;
    }
  };

  const settle = (stream: LiveStream, now: number) => {
    for (const [id, sentAt] of stream.sent) if (sentAt <= now - SETTLE_MS && id > stream.floor) stream.floor = id;
    for (const id of stream.sent.keys()) if (id <= stream.floor) stream.sent.delete(id);
  };

  const startHeartbeat = () => {
    heartbeat ??= setInterval(() => {
      forEachStream((stream) => {
        // Nobody reads it (the request ended before its response was piped): let it go.
        if (stream.body.readableFlowing !== true) return close(stream);
        write(stream, ': heartbeat\n\n');
        void pump(stream);
      });
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };

  return {
    issueTicket: (user: AuthenticatedUser): Promise<TEventTicket> => deps.tickets.issue(user),
    verifyTicket: (ticket: string): Promise<AuthenticatedUser> => deps.tickets.verify(ticket),

    /**
     * The user's stream from `lastEventId` (exclusive), or from now. The body stays open until the
     * client leaves (the response ends it, which unregisters it) or `stop()`.
     */
    async openStream(user: AuthenticatedUser, lastEventId: string | undefined): Promise<Readable> {
      const open = streamsByUser.get(user.id);
      if ((open?.size ?? 0) >= MAX_STREAMS_PER_USER) {
        throw new AppError('rate_limited', `At most ${MAX_STREAMS_PER_USER} event streams may be open at once; close one first`);
      }
      const body = new Readable({ read() {} });
      // Registered before the first await, so that streams opened at once are counted; reading
      // waits (isReading) until the floor is known.
      const stream: LiveStream = { user, body, floor: 0n, sent: new Map(), isReading: true, isDirty: false, isClosed: false };
      body.once('close', () => unregister(stream));
      const streams = open ?? new Set<LiveStream>();
      streams.add(stream);
      streamsByUser.set(user.id, streams);
      startHeartbeat();
      try {
        stream.floor = BigInt(lastEventId ?? (await withUser(pool, user.claims, (db) => findLatestEventId(db))));
        await listener.start();
      } catch (error) {
        unregister(stream);
        throw error;
      }
      stream.isReading = false;
      // The client waits 3 s before its own reconnect; the first bytes send the headers at once.
      write(stream, 'retry: 3000\n: connected\n\n');
      void pump(stream);
      return body;
    },

    /** Streams open in this process (for tests and logs). */
    countOpenStreams: (): number => [...streamsByUser.values()].reduce((sum, streams) => sum + streams.size, 0),

    /** Retention: what is older than an hour goes; Last-Event-ID resumes within that hour. */
    pruneExpired: (): Promise<number> => withService(pool, (db) => deleteExpiredEvents(db, LIVE_EVENT_RETENTION_SECONDS)),

    /** Shutdown: ends every stream (the server can then close) and the LISTEN connection. */
    async stop(): Promise<void> {
      forEachStream(close);
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      await listener.stop();
    },
  };
}
