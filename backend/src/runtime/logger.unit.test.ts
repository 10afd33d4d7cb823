import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('never writes tokens, secrets or authorization headers', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ req: { headers: { authorization: 'Bearer eyJ.secret', apikey: 'anon-key' } } }, 'request');
    logger.info({ response: { access_token: 'at-123', refresh_token: 'rt-456', client_secret: 'cs-789', expires_in: 1800 } }, 'token');
    const output = lines.join('');
    for (const secret of ['eyJ.secret', 'anon-key', 'at-123', 'rt-456', 'cs-789']) expect(output).not.toContain(secret);
    expect(output).toContain('1800');
  });
});

describe('redactUrl', () => {
  it('blanks OAuth codes, states and tokens in logged URLs and keeps the rest', async () => {
    const { redactUrl } = await import('../http/request-logging');
    expect(redactUrl('/api/v1/crm/hubspot/callback?code=abc123&state=s3cr3t&foo=bar')).toBe(
      '/api/v1/crm/hubspot/callback?code=[redacted]&state=[redacted]&foo=bar',
    );
  });

  it('blanks an event-stream ticket (a credential for 60 s) and keeps the resume position', async () => {
    const { redactUrl } = await import('../http/request-logging');
    expect(redactUrl('/api/v1/events?ticket=eyJhbGciOi.x.y&lastEventId=42')).toBe('/api/v1/events?ticket=[redacted]&lastEventId=42');
  });
});
