import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

// A valid CRM_ENCRYPTION_KEY (production requires one): 32 bytes, base64.
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({ INIT_CWD: '/srv/app' });
    expect(config.port).toBe(4000);
    expect(config.dataDir).toBe(path.resolve('/srv/app', '.data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.backendUrl).toBe('http://localhost:4000');
    expect(config.frontendUrl).toBe('http://localhost:4000');
    expect(config.auth.mode).toBe('local');
  });

  it('honours PORT and DATA_DIR so two copies can run side by side', () => {
    const config = loadConfig({ INIT_CWD: '/srv/app', PORT: '4100', DATA_DIR: '.data-2' });
    expect(config.port).toBe(4100);
    expect(config.dataDir).toBe('/srv/app/.data-2');
    expect(config.backendUrl).toBe('http://localhost:4100');
  });

  it('takes webhook deliveries at BACKEND_URL unless PUBLIC_WEBHOOK_BASE_URL names the address CRMs reach', () => {
    const byDefault = loadConfig({ BACKEND_URL: 'https://crm.example.com/' });
    expect(byDefault.webhooks).toEqual({ publicBaseUrl: 'https://crm.example.com', degradedAfterMinutes: 60 });
    expect(byDefault.sync.intervalWithWebhooksMinutes).toBe(60);
    const tunnelled = loadConfig({ PUBLIC_WEBHOOK_BASE_URL: 'https://abc.trycloudflare.com/', WEBHOOK_DEGRADED_AFTER_MINUTES: '30', SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES: '120' });
    expect(tunnelled.webhooks).toEqual({ publicBaseUrl: 'https://abc.trycloudflare.com', degradedAfterMinutes: 30 });
    expect(tunnelled.sync.intervalWithWebhooksMinutes).toBe(120);
    expect(() => loadConfig({ PUBLIC_WEBHOOK_BASE_URL: 'not a url' })).toThrow(/PUBLIC_WEBHOOK_BASE_URL/);
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', SUPABASE_URL: 'https://x.supabase.co', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SUPABASE_ANON_KEY']) expect(message).toContain(name);
  });

  it('switches to Supabase auth when SUPABASE_URL is set', () => {
    const config = loadConfig({ SUPABASE_URL: 'https://abc.supabase.co/', SUPABASE_ANON_KEY: 'anon', SUPABASE_JWT_SECRET: 's' });
    expect(config.auth).toEqual({
      mode: 'supabase',
      supabaseUrl: 'https://abc.supabase.co',
      anonKey: 'anon',
      jwtSecret: 's',
      audience: 'authenticated',
    });
  });

  it('starts the sandbox CRMs by default outside production only', () => {
    expect(loadConfig({}).crm.isSandboxEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).crm.isSandboxEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', CRM_ENCRYPTION_KEY: KEY }).crm.isSandboxEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', CRM_ENCRYPTION_KEY: KEY, CRM_SANDBOX: 'auto' }).crm.isSandboxEnabled).toBe(false);
  });

  it('starts the sandbox CRMs in production when CRM_SANDBOX=on, and nowhere when off', () => {
    expect(loadConfig({ NODE_ENV: 'production', CRM_ENCRYPTION_KEY: KEY, CRM_SANDBOX: 'on' }).crm.isSandboxEnabled).toBe(true);
    expect(loadConfig({ CRM_SANDBOX: 'off' }).crm.isSandboxEnabled).toBe(false);
    expect(() => loadConfig({ CRM_SANDBOX: 'yes' })).toThrow(/CRM_SANDBOX/);
  });

  it('treats empty variables as unset, as .env files often leave them', () => {
    const config = loadConfig({ DATABASE_URL: '', SUPABASE_URL: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.auth.mode).toBe('local');
  });
});
