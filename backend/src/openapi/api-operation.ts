import type { z } from 'zod';
import type { ErrorCode } from '../http/app-error';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One operation of the API as the OpenAPI document describes it and the route-coverage and
 * hostile-input tests drive it. The schemas are the ones the route parses with.
 */
export type ApiOperation = {
  operationId: string;
  method: HttpMethod;
  /** As Express matches it, from the root: '/api/v1/crm/:platform/contacts'. */
  path: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** public: no token. user: a user's access token, or a service token acting for a user. */
  auth: 'public' | 'user';
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    headers?: z.ZodObject;
    body?: z.ZodType;
  };
  response: {
    status: number;
    description: string;
    /** JSON unless contentType says otherwise; none for a redirect. */
    schema?: z.ZodType;
    contentType?: string;
    headers?: Record<string, { description: string }>;
  };
  /** Codes of this operation beyond those every operation of its kind answers with (see error-responses.ts). */
  errors: ErrorCode[];
};

export const API_TAGS = {
  platform: 'Configuration, health, the signed-in user and this document',
  crm: 'Connecting and disconnecting HubSpot and Zoho (OAuth)',
  sync: 'Copying contacts from the CRMs, and the history of those runs',
  contacts: 'The synced contacts: list, search, one contact, and creating contacts at a CRM',
  agents: 'Voice agents and the snapshot of contacts each one calls',
  campaigns: 'Calling campaigns, the results the calling service reports, and their write-back to the CRMs',
} as const;
export type ApiTag = keyof typeof API_TAGS;
