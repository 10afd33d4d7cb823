import express from 'express';
import type { Express } from 'express';
import { createZohoAdmin } from './admin';
import type { ZohoSandboxAdmin } from './admin';
import { adminRoutes } from './admin-routes';
import { dataCentreRouter } from './data-centre-router';
import { ZohoSandboxState } from './sandbox-state';
import type { ZohoSandboxOptions } from './types';

export type ZohoSandbox = { app: Express; admin: ZohoSandboxAdmin };

/**
 * A Zoho CRM sandbox as an Express app: accounts servers and API domains per data centre
 * under /dc/{location}, and the admin API under /__sandbox. Listening is the caller's job;
 * call `admin.setPublicUrl` once the URL is known (startZohoSandbox does).
 */
export function createZohoSandbox(options: ZohoSandboxOptions = {}): ZohoSandbox {
  const state = new ZohoSandboxState(options);
  const app = express();
  app.disable('x-powered-by');
  // Zoho sends no ETags; Express's would answer repeated list requests with 304s Zoho never sends.
  app.set('etag', false);
  app.use('/__sandbox', adminRoutes(state));
  app.use('/dc/:location', dataCentreRouter(state));
  app.use((_req, res) => void res.status(404).json({ code: 'INVALID_URL_PATTERN', details: {}, message: 'Please check if the URL trying to access is a correct one', status: 'error' }));
  const admin = createZohoAdmin(state, () => {
    if (!state.publicUrl) throw new Error('The sandbox does not know its public URL yet: call admin.setPublicUrl(url) after listening.');
    return state.publicUrl;
  });
  return { app, admin };
}
