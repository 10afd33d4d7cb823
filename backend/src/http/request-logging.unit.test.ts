import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger';
import { createRequestLogging } from './request-logging';

/** A real Express app with the product's logger and request logging, writing into an array. */
function appLoggingInto(lines: Record<string, unknown>[]) {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(createRequestLogging(createLogger({ level: 'info', destination })));
  app.get('/api/v1/things', (req, res) => {
    req.log.info('inside the handler');
    res.setHeader('Content-Security-Policy', "default-src 'self'");
    res.json({ ok: true });
  });
  return app;
}

describe('request logging', () => {
  it('logs who asked for what and how it ended, from an allow-list: no header beyond it, no credential in the URL', async () => {
    const lines: Record<string, unknown>[] = [];
    await request(appLoggingInto(lines))
      .get('/api/v1/things?ticket=tkt-secret&page=2')
      .set('Authorization', 'Bearer eyJ.secret')
      .set('X-Unforeseen-Credential', 'uc-secret')
      .set('Cookie', 'session=ck-secret')
      .set('User-Agent', 'voice-caller/1.0')
      .set('X-Request-Id', 'req-42')
      .expect(200);

    const output = JSON.stringify(lines);
    for (const secret of ['eyJ.secret', 'uc-secret', 'ck-secret', 'tkt-secret', "default-src 'self'"]) expect(output).not.toContain(secret);
    const completed = lines.find((line) => line.msg === 'request completed')!;
    expect(completed.req).toEqual({ id: 'req-42', method: 'GET', url: '/api/v1/things?ticket=[redacted]&page=2', remoteAddress: expect.any(String), userAgent: 'voice-caller/1.0' });
    expect(completed.res).toEqual({ statusCode: 200, contentLength: expect.any(String) });
    // A handler's own line names the request by the same id.
    expect(lines.find((line) => line.msg === 'inside the handler')?.req).toMatchObject({ id: 'req-42' });
  });
});
