import { ZApiError } from '@voiceagent/shared';
import type { z } from 'zod';

/** A failed API call, carrying the server's error code and message when it sent them. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(init: { code: string; message: string; status: number; details?: unknown }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions<S extends z.ZodType> = {
  schema: S;
  method?: Method;
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
};

export type ApiClient = {
  request: <S extends z.ZodType>(path: string, options: RequestOptions<S>) => Promise<z.output<S>>;
};

export type ApiClientOptions = {
  /** The current session's access token; null for public calls or when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Empty means this origin: the backend (or Vite's proxy) serves the API next to the app. */
  baseUrl?: string;
  fetch?: typeof fetch;
};

export function createApiClient({ getAccessToken, baseUrl = '', fetch: fetchImpl }: ApiClientOptions): ApiClient {
  return {
    async request(path, { schema, method = 'GET', body, query, signal }) {
      const headers = new Headers({ Accept: 'application/json' });
      const token = await getAccessToken();
      if (token) headers.set('Authorization', `Bearer ${token}`);
      if (body !== undefined) headers.set('Content-Type', 'application/json');

      let response: Response;
      try {
        // Looked up per call so tests and polyfills that replace fetch later are honoured.
        response = await (fetchImpl ?? globalThis.fetch)(`${baseUrl}${path}${formatQuery(query)}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new ApiError({
          code: 'network_error',
          message: 'Could not reach the server. Check your connection and try again.',
          status: 0,
          details: error instanceof Error ? error.message : String(error),
        });
      }

      const payload = await readJson(response);
      if (!response.ok) throw toApiError(response, payload);

      const parsed = schema.safeParse(payload.ok ? payload.value : undefined);
      if (!parsed.success) {
        throw new ApiError({
          code: 'invalid_response',
          message: 'The server sent a response this app does not understand.',
          status: response.status,
          details: parsed.error.issues,
        });
      }
      return parsed.data;
    },
  };
}

function formatQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

type JsonPayload = { ok: true; value: unknown } | { ok: false };

async function readJson(response: Response): Promise<JsonPayload> {
  const text = await response.text();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function toApiError(response: Response, payload: JsonPayload): ApiError {
  const parsed = ZApiError.safeParse(payload.ok ? payload.value : undefined);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError({ code, message, status: response.status, details });
  }
  const reason = response.statusText ? ` (${response.statusText})` : '';
  return new ApiError({
    code: 'unexpected_response',
    message: `The server answered with status ${response.status}${reason}.`,
    status: response.status,
  });
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
