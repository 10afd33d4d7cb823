import type { Endpoint } from '../endpoint';
import * as agents from './agents';
import * as audit from './audit';
import * as campaigns from './campaigns';
import * as contacts from './contacts';
import * as crm from './crm';
import * as platform from './platform';
import * as sync from './sync';

/**
 * Every operation of the API, by operationId; each file under endpoints/ exports endpoints only.
 * The server mounts each one, the OpenAPI document is generated from them, and the web app calls
 * them by value (`api.call(endpoints.getAgent, …)`).
 */
export const endpoints = { ...platform, ...crm, ...sync, ...contacts, ...agents, ...campaigns, ...audit } satisfies Record<string, Endpoint>;
export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/** The endpoints in document order. */
export const ENDPOINT_LIST: readonly Endpoint[] = Object.values(endpoints);
