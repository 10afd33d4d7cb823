import { ZMe, ZPublicConfig } from '../../config';
import { ZHealth, ZOpenApiDocument, ZReadiness } from '../../health';
import { defineEndpoint } from '../endpoint';

export const getHealth = defineEndpoint({
  operationId: 'getHealth',
  method: 'get',
  path: '/healthz',
  tag: 'platform',
  summary: 'Liveness: the process answers',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The process is up', schema: ZHealth },
  errors: [],
});

export const getReadiness = defineEndpoint({
  operationId: 'getReadiness',
  method: 'get',
  path: '/readyz',
  tag: 'platform',
  summary: 'Readiness: the database answers',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The process and its database are up', schema: ZReadiness },
  errors: ['service_unavailable'],
});

export const getPublicConfig = defineEndpoint({
  operationId: 'getPublicConfig',
  method: 'get',
  path: '/api/v1/config',
  tag: 'platform',
  summary: 'Where the web app signs in (Supabase, or this backend in local mode)',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The auth mode, URL and anon key', schema: ZPublicConfig },
  errors: [],
});

export const getOpenApiDocument = defineEndpoint({
  operationId: 'getOpenApiDocument',
  method: 'get',
  path: '/api/v1/openapi.json',
  tag: 'platform',
  summary: 'This document',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The OpenAPI 3.1 document of this API', schema: ZOpenApiDocument },
  errors: [],
});

export const getMe = defineEndpoint({
  operationId: 'getMe',
  method: 'get',
  path: '/api/v1/me',
  tag: 'platform',
  summary: 'The signed-in user (or the user a service acts for)',
  auth: 'user',
  request: {},
  response: { status: 200, description: 'The user as the database sees them under row-level security', schema: ZMe },
  errors: [],
});
