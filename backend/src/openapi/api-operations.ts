import { ENDPOINT_LIST, type Endpoint } from '@voiceagent/shared';

/**
 * Every operation of the API: the shared endpoint table. The OpenAPI document is generated from
 * it, and a test checks it against the routes Express really has, both ways.
 */
export const API_OPERATIONS: readonly Endpoint[] = ENDPOINT_LIST;
