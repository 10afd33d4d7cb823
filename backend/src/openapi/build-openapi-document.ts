import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { API_TAGS, ENDPOINT_LIST, type Endpoint } from '@voiceagent/shared';
import { ACTING_USER_HEADER } from '../auth/acting-user';
import { buildErrorResponses } from './error-responses';
import { nameSharedSchemas } from './schema-names';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const USER_SECURITY: Array<Record<string, string[]>> = [{ userToken: [] }, { serviceToken: [], actingUser: [] }];

/** The OpenAPI 3.1 document of the endpoint table (every operation, or those given), from the schemas the routes parse with. */
export function buildOpenApiDocument(options: { serverUrl: string; operations?: readonly Endpoint[] }): OpenApiDocument {
  nameSharedSchemas();
  const registry = new OpenAPIRegistry();
  registerSecuritySchemes(registry);
  for (const operation of options.operations ?? ENDPOINT_LIST) registry.registerPath(toRouteConfig(operation));

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'VoiceAgent CRM API',
      version: '1.0.0',
      description:
        'Contacts synced from HubSpot and Zoho, searched, created and called by voice agents. Errors always have the body ' +
        '`{ "error": { "code", "message", "details"? } }`; the code is stable, the message is for people.',
    },
    servers: [{ url: options.serverUrl }],
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
  });
  return stringifyQueryDefaults(document);
}

function registerSecuritySchemes(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'userToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A user’s access token (Supabase Auth, or this backend’s /auth/v1 in local mode).',
  });
  registry.registerComponent('securitySchemes', 'serviceToken', {
    type: 'http',
    scheme: 'bearer',
    description: `Another service: Supabase’s service_role key or one of SERVICE_API_KEYS. Only with ${ACTING_USER_HEADER}.`,
  });
  registry.registerComponent('securitySchemes', 'actingUser', {
    type: 'apiKey',
    in: 'header',
    name: ACTING_USER_HEADER,
    description: 'The id of the user a service token acts for; the request then runs as that user. Refused with a user’s token (403).',
  });
}

function toRouteConfig(operation: Endpoint): RouteConfig {
  const { request = {}, response } = operation;
  return {
    method: operation.method,
    path: operation.path.replace(/:(\w+)/g, '{$1}'),
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    security: operation.auth === 'user' ? USER_SECURITY : [],
    request: {
      params: request.params,
      query: request.query,
      headers: request.headers,
      cookies: request.cookies,
      body: request.body ? { required: true, content: { [request.bodyContentType ?? 'application/json']: { schema: request.body } } } : undefined,
    },
    responses: {
      [response.status]: {
        description: response.description,
        headers: response.headers
          ? Object.fromEntries(Object.entries(response.headers).map(([name, header]) => [name, { ...header, schema: { type: 'string' } }]))
          : undefined,
        content: response.schema
          ? {
              [response.contentType ?? 'application/json']: { schema: response.schema },
              ...(response.alternative ? { [response.alternative.contentType]: { schema: response.alternative.schema } } : {}),
            }
          : undefined,
      },
      ...buildErrorResponses(operation),
    },
  };
}

/** Query values are strings: a default of the parsed value (50, false) is written as the string that parses to it. */
function stringifyQueryDefaults(document: OpenApiDocument): OpenApiDocument {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of [pathItem.get, pathItem.post, pathItem.put, pathItem.patch, pathItem.delete]) {
      for (const parameter of operation?.parameters ?? []) {
        if (!('in' in parameter) || parameter.in !== 'query' || !parameter.schema || '$ref' in parameter.schema) continue;
        const schema = parameter.schema;
        if (schema.default !== undefined && typeof schema.default !== 'string') schema.default = String(schema.default);
      }
    }
  }
  return document;
}
