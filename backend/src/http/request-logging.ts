import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** What pino-http's standard serializers hand ours (pino-std-serializers' shapes, narrowed to what we read). */
type SerializedRequest = { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, string | string[] | undefined> };
type SerializedResponse = { statusCode?: number; headers?: Record<string, string | number | string[] | undefined> };

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
    // An allow-list, not every header: a header we did not foresee (a new credential, a cookie
    // under another name) never reaches the log, and a line is a few hundred bytes, not a few
    // thousand (the browser's dozen sec-* and accept-* headers, our CSP and rate-limit headers).
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: req.url ? redactUrl(req.url) : req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers?.['user-agent'],
        contentLength: req.headers?.['content-length'],
      }),
      res: (res: SerializedResponse) => ({ statusCode: res.statusCode, contentLength: res.headers?.['content-length'] }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}
