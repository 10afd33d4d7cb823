import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Query parameters that carry credentials (OAuth codes and states, tokens, event-stream tickets) are blanked in logged URLs. */
const SECRET_QUERY_PARAMS = /([?&](?:code|state|token|ticket|access_token|refresh_token|apikey)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

/** Request ids (the caller's X-Request-Id when sane, else a new one), echoed back, on every log line. */
export function createRequestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { url?: string; query?: unknown }) => {
        const { query: _query, ...rest } = req;
        return { ...rest, url: req.url ? redactUrl(req.url) : req.url };
      },
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}
