import { z } from 'zod';
import { ZEventTicket, ZLiveEventsHeaders, ZLiveEventsQuery } from '../../live-events';
import { defineEndpoint } from '../endpoint';

/** The stream itself: the document shows it as text/event-stream holding a string; the server keeps it open. */
const ZEventStream = z.string();

const STREAM_FORMAT =
  'Server-Sent Events (text/event-stream), kept open: each event has `id:` (a number; send the last one back as ' +
  '`Last-Event-ID`, or `?lastEventId=`, to resume without a gap within the hour events are kept), `event:` its kind ' +
  '(`contacts_changed`, `sync_run`, `bulk_job`, `campaign_results`) and `data:` one line of JSON whose shape per kind is ' +
  '`ZLiveEvent` in packages/shared (ids, counts and statuses only). A comment line (`: heartbeat`) every 15 s keeps proxies ' +
  'from closing an idle stream. Without `Last-Event-ID` the stream starts with what happens from now on. Events are read ' +
  'as the signed-in user under row-level security: a stream carries its user\'s events only. Authenticate with ' +
  '`Authorization: Bearer` (a user\'s token, or a service token with X-VoiceAgent-User-Id) or, from a browser\'s ' +
  'EventSource, which cannot send headers, with `?ticket=` from POST /events/tickets. A user may hold a few streams at ' +
  'once (one per tab); one more is a 429.';

export const streamEvents = defineEndpoint({
  operationId: 'streamEvents',
  method: 'get',
  path: '/api/v1/events',
  tag: 'events',
  summary: 'The signed-in user\'s live events (sync progress, contact changes, bulk jobs, campaign results) as Server-Sent Events',
  description: STREAM_FORMAT,
  auth: 'user',
  request: { query: ZLiveEventsQuery, headers: ZLiveEventsHeaders },
  response: { status: 200, description: 'The event stream, open until the client leaves or the server stops', schema: ZEventStream, contentType: 'text/event-stream' },
  errors: ['rate_limited'],
});

export const createEventTicket = defineEndpoint({
  operationId: 'createEventTicket',
  method: 'post',
  path: '/api/v1/events/tickets',
  tag: 'events',
  summary: 'A short-lived ticket to open GET /events from a browser\'s EventSource',
  description:
    'A signed token bound to the signed-in user, good for about 60 s and only as `?ticket=` of GET /events (never as a ' +
    'bearer token elsewhere). Any API process can check it. Ask for a fresh one before each (re)connection; a stream ' +
    'opened with it stays open after the ticket expires.',
  auth: 'user',
  request: {},
  response: { status: 201, description: 'The ticket and when it expires', schema: ZEventTicket },
  errors: [],
});
