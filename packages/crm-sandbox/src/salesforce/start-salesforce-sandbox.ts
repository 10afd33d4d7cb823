import { listen } from '../common/listen';
import { createSalesforceAdmin } from './admin';
import type { SalesforceSandboxAdmin } from './admin';
import { createOriginApp } from './origin-app';
import { SalesforceSandboxState } from './sandbox-state';
import type { OriginRole } from './sandbox-state';
import type { SalesforceSandboxOptions } from './types';

export type RunningSalesforceOrg = {
  id: string;
  name: string;
  /** The org's instance origin (REST API), also its My Domain login host. */
  instanceUrl: string;
  isSandbox: boolean;
  users: { id: string; username: string; email: string; displayName: string }[];
};

export type RunningSalesforceSandbox = {
  /** Stands for https://login.salesforce.com (production orgs); the admin API is at `${loginUrl}/_admin`. */
  loginUrl: string;
  /** Stands for https://test.salesforce.com (sandbox orgs). */
  testLoginUrl: string;
  orgs: RunningSalesforceOrg[];
  admin: SalesforceSandboxAdmin;
  /** Stops every origin; safe to call more than once. */
  close(): Promise<void>;
};

/**
 * Starts the Salesforce sandbox: a login origin, a test login origin and one origin per org,
 * each on its own port (0 picks free ones). Orgs start in milliseconds whatever their size: the
 * seeded records are computed when read.
 */
export async function startSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<RunningSalesforceSandbox> {
  const host = options.host ?? '127.0.0.1';
  const state = new SalesforceSandboxState(options);
  const admin = createSalesforceAdmin(state);
  const servers: { close(): Promise<void> }[] = [];
  try {
    const login = await listen(createOriginApp(state, { kind: 'login' }, admin), options.loginPort ?? 0, host);
    servers.push(login);
    const test = await listen(createOriginApp(state, { kind: 'test' }, admin), options.testLoginPort ?? 0, host);
    servers.push(test);
    state.loginUrl = login.url;
    state.testLoginUrl = test.url;
    const configs = options.orgs ?? [];
    for (const [index, org] of state.orgs.entries()) {
      // The app reads the org from state on each request, so a reset's fresh org is served by the same origin.
      const role: OriginRole = {
        kind: 'instance',
        get org() {
          return state.orgs[index]!;
        },
      };
      const server = await listen(createOriginApp(state, role, admin), configs[index]?.port ?? 0, host);
      servers.push(server);
      org.instanceUrl = server.url;
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const warming = { cancelled: false };
  if (options.warmOnStart) for (const org of state.orgs) void org.people.warm(warming);
  let closing: Promise<void> | undefined;
  return {
    loginUrl: state.loginUrl,
    testLoginUrl: state.testLoginUrl,
    orgs: state.orgs.map((org) => ({ id: org.id, name: org.name, instanceUrl: org.instanceUrl, isSandbox: org.isSandbox, users: org.users.map((u) => ({ id: u.id, username: u.username, email: u.email, displayName: u.displayName })) })),
    admin,
    close: () => {
      warming.cancelled = true;
      return (closing ??= Promise.all(servers.map((server) => server.close())).then(() => undefined));
    },
  };
}
