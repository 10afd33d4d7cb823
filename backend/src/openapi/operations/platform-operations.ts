import { ZMe, ZPublicConfig } from '@voiceagent/shared';
import type { ApiOperation } from '../api-operation';
import { ZHealth, ZOpenApiDocument, ZReadiness } from '../local-schemas';

export const PLATFORM_OPERATIONS: ApiOperation[] = [
  {
    operationId: 'getHealth',
    method: 'get',
    path: '/healthz',
    tag: 'platform',
    summary: 'Liveness: the process answers',
    auth: 'public',
    response: { status: 200, description: 'The process is up', schema: ZHealth },
    errors: [],
  },
  {
    operationId: 'getReadiness',
    method: 'get',
    path: '/readyz',
    tag: 'platform',
    summary: 'Readiness: the database answers',
    auth: 'public',
    response: { status: 200, description: 'The process and its database are up', schema: ZReadiness },
    errors: ['service_unavailable'],
  },
  {
    operationId: 'getPublicConfig',
    method: 'get',
    path: '/api/v1/config',
    tag: 'platform',
    summary: 'Where the web app signs in (Supabase, or this backend in local mode)',
    auth: 'public',
    response: { status: 200, description: 'The auth mode, URL and anon key', schema: ZPublicConfig },
    errors: [],
  },
  {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'platform',
    summary: 'This document',
    auth: 'public',
    response: { status: 200, description: 'The OpenAPI 3.1 document of this API', schema: ZOpenApiDocument },
    errors: [],
  },
  {
    operationId: 'getMe',
    method: 'get',
    path: '/api/v1/me',
    tag: 'platform',
    summary: 'The signed-in user (or the user a service acts for)',
    auth: 'user',
    response: { status: 200, description: 'The user as the database sees them under row-level security', schema: ZMe },
    errors: [],
  },
];
