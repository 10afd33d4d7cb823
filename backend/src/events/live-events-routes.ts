import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { LiveEventsService } from './live-events-service';

/** GET /events (the stream) and POST /events/tickets (for EventSource, which cannot send a header). */
export function mountLiveEventsRoutes(routes: EndpointRouters, liveEvents: LiveEventsService): void {
  mountEndpoint(routes, endpoints.createEventTicket, ({ user }) => liveEvents.issueTicket(user));
  mountEndpoint(
    routes,
    endpoints.streamEvents,
    async ({ user, query, headers }) => ({
      body: await liveEvents.openStream(user, headers['Last-Event-ID'] ?? query.lastEventId),
      // no-transform: a proxy that compresses or buffers would hold events back.
      headers: { 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
    }),
  );
}
