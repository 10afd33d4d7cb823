import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OAUTH_BROWSER_COOKIE } from '@voiceagent/shared';
import { applyCookie, readCookies } from '../../http/mount-endpoint';
import { toOAuthBrowserCookie } from './oauth-browser-cookie';

function appSetting(callbackUrl: string) {
  const app = express();
  app.get('/start', (_req, res) => {
    applyCookie(res, toOAuthBrowserCookie({ value: 'secret-value', callbackUrl, maxAgeSeconds: 600 }));
    res.json({});
  });
  app.get('/read', (req, res) => {
    res.json({ value: readCookies(req)[OAUTH_BROWSER_COOKIE] ?? null });
  });
  return app;
}

describe('the OAuth browser-binding cookie', () => {
  it('is Secure when the callback is https, and scoped to the callback’s own path', async () => {
    const res = await request(appSetting('https://api.example.com/voice/api/v1/crm/zoho/callback')).get('/start');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${OAUTH_BROWSER_COOKIE}=secret-value;`));
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).toContain('; Path=/voice/api/v1/crm/zoho/callback');
    expect(cookie).toContain('; Max-Age=600');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is not Secure on plain http, where a browser would drop a Secure cookie', async () => {
    const res = await request(appSetting('http://localhost:4000/api/v1/crm/hubspot/callback')).get('/start');
    expect(String(res.headers['set-cookie'])).not.toContain('Secure');
  });

  it('is read from among other cookies, and is absent when not sent', async () => {
    const app = appSetting('http://localhost:4000/api/v1/crm/hubspot/callback');
    const withIt = await request(app).get('/read').set('Cookie', `theme=dark; ${OAUTH_BROWSER_COOKIE}=abc_-123; other=1`);
    expect(withIt.body).toEqual({ value: 'abc_-123' });
    const without = await request(app).get('/read').set('Cookie', `not_${OAUTH_BROWSER_COOKIE}=abc`);
    expect(without.body).toEqual({ value: null });
  });
});
