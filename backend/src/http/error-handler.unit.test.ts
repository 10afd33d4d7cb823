import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error';
import { apiNotFound, createErrorHandler } from './error-handler';
import { parseInput } from './validate';

const ZWidget = z.strictObject({ name: z.string().min(1), size: z.number().int() });

function buildApp() {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.post('/widgets', (req, res) => {
    res.status(201).json(parseInput(ZWidget, req.body, 'body'));
  });
  app.get('/conflict', () => {
    throw new AppError('conflict', 'Already there', { id: 7 });
  });
  app.get('/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.get('/statement-timeout', () => {
    throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
  });
  // A real node-postgres pool whose one connection never completes its start-up: checking a
  // connection out fails as an exhausted pool does in production.
  app.get('/pool-exhausted', async (_req, res, next) => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const pool = new pg.Pool({ host: '127.0.0.1', port: (silent.address() as AddressInfo).port, max: 1, connectionTimeoutMillis: 50 });
    try {
      await pool.query('select 1');
      res.json({ reached: true });
    } catch (error) {
      next(error);
    } finally {
      await pool.end().catch(() => {});
      silent.close();
    }
  });
  app.use('/api', apiNotFound);
  app.use(createErrorHandler(pino({ level: 'silent' })));
  return app;
}

describe('the error handler', () => {
  const app = buildApp();

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await request(app).post('/widgets').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('names unknown fields', async () => {
    const res = await request(app).post('/widgets').send({ name: 'a', size: 1, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('colour');
  });

  it('names fields of the wrong type', async () => {
    const res = await request(app).post('/widgets').send({ name: 'a', size: 'big' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: 'size' })]);
  });

  it('refuses text Postgres cannot store (NUL, lone surrogates) with 400 naming the field', async () => {
    for (const name of ['a\u0000b', 'x\uDFFFy', '\uD800']) {
      const res = await request(app).post('/widgets').set('content-type', 'application/json').send(JSON.stringify({ name, size: 1 }));
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: 'name' })]);
    }
    const emoji = await request(app).post('/widgets').send({ name: '😀 Zoë', size: 1 });
    expect(emoji.status).toBe(201);
  });

  it('answers oversized bodies with 413', async () => {
    const res = await request(app).post('/widgets').send({ name: 'x'.repeat(5000), size: 1 });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('maps typed errors to their status with details', async () => {
    const res = await request(app).get('/conflict');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'conflict', message: 'Already there', details: { id: 7 } } });
  });

  it('hides the message of unexpected errors', async () => {
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers a busy or unreachable database with 503 and Retry-After, not 500', async () => {
    for (const path of ['/statement-timeout', '/pool-exhausted']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(503);
      expect(res.headers['retry-after'], path).toBe('5');
      expect(res.body.error.code, path).toBe('service_unavailable');
      expect(res.body.error.message, path).not.toMatch(/statement|timeout exceeded/);
    }
  });

  it('answers a path parameter that is not valid percent-encoding with 400, not 500', async () => {
    for (const id of ['%ZZ', '%', '%E0%A4%A', '%C0%AF']) {
      const res = await request(app).get(`/things/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await request(app).get('/things/%C3%A9')).body).toEqual({ id: 'é' });
  });

  it('answers unknown API routes with JSON 404', async () => {
    const res = await request(app).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
