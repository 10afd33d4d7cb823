// Public surface of the sandbox: one factory per provider, each speaking the provider's real HTTP API.
export { listen } from './common/listen';
export type { RunningServer } from './common/listen';
export * from './hubspot';
export * from './zoho';
export * from './salesforce';
export * from './start-sandboxes';
