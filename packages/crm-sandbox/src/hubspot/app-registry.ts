import { randomBytes, randomUUID } from 'node:crypto';
import type { HubSpotAppInput } from './options';

export type HubSpotApp = {
  appId: number;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
};

/** The OAuth apps the sandbox knows, keyed by client id. */
export class AppRegistry {
  private readonly apps = new Map<string, HubSpotApp>();
  private nextAppId = 1_000_001;

  create(input: HubSpotAppInput): HubSpotApp {
    const clientId = input.clientId ?? randomUUID();
    if (this.apps.has(clientId)) throw new Error(`An app with client id ${clientId} already exists`);
    const app: HubSpotApp = {
      appId: this.nextAppId++,
      name: input.name,
      clientId,
      clientSecret: input.clientSecret ?? randomBytes(18).toString('hex'),
      redirectUris: [...(input.redirectUris ?? [])],
    };
    this.apps.set(clientId, app);
    return app;
  }

  find(clientId: string | undefined): HubSpotApp | undefined {
    return clientId === undefined ? undefined : this.apps.get(clientId);
  }

  list(): HubSpotApp[] {
    return [...this.apps.values()];
  }

  first(): HubSpotApp | undefined {
    return this.apps.values().next().value;
  }
}

export function isRedirectAllowed(app: HubSpotApp, redirectUri: string): boolean {
  return app.redirectUris.length === 0 || app.redirectUris.includes(redirectUri);
}
