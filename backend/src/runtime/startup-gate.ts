import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { endpoints } from '@voiceagent/shared';

export type StartupGate = {
  /** The server's request listener from the moment it listens. */
  handle: RequestListener;
  /** Hands every later request to the app: the product is ready. */
  open(app: RequestListener): void;
};

/** Start-up takes seconds (database, migrations, job queue): a client may try again soon. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Answers for the app while it is being built, so that a request arriving during start-up is
 * never accepted and left hanging: liveness is 200 at once (the process is up), readiness and
 * everything else 503 with Retry-After, in the API's error shape. Plain node:http, since the
 * gate exists before anything Express is built.
 */
export function createStartupGate(): StartupGate {
  let app: RequestListener | undefined;
  return {
    handle(req, res) {
      if (app) return void app(req, res);
      answerWhileStarting(req, res);
    },
    open(ready) {
      app = ready;
    },
  };
}

function answerWhileStarting(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?', 1)[0];
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  if (isRead && path === endpoints.getHealth.path) return sendJson(res, 200, { status: 'ok' });
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  sendJson(res, 503, { error: { code: 'service_unavailable', message: 'The service is starting; try again in a few seconds' } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // A start-up answer must never be served from a cache after the app is ready.
  res.setHeader('Cache-Control', 'no-store');
  // Node sends no body for HEAD by itself.
  res.end(JSON.stringify(body));
}
