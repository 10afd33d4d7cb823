import { buildEndpointPath, ZApiError, type Endpoint, type EndpointInput, type EndpointResult, type TErrorCode } from '@voiceagent/shared';
import { z } from 'zod';

/** What went wrong on this side of the wire: the server never answered, or not in the contract's words. */
export const CLIENT_ERROR_CODES = ['network_error', 'invalid_response', 'unexpected_response'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ApiErrorCode = TErrorCode | ClientErrorCode;

/** A failed API call, carrying the server's error code and message when it sent them. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(init: { code: ApiErrorCode; message: string; status: number; details?: unknown }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
  }
}

type QueryFieldValue<V> = V extends string ? (string extends V ? string | number : V) : V;
/**
 * An endpoint's query as a caller writes it: its input type, except that free text (`limit`)
 * may be given as a number and an optional field as null. The query string is text either way;
 * null and undefined are left out.
 */
export type CallQuery<Q> = { [K in keyof Q]: QueryFieldValue<Q[K]> | (undefined extends Q[K] ? null : never) };

/** Nothing: an options object without fields, so `NoFields extends T` means every field of T is optional. */
type NoFields = Record<never, never>;
type ParamsOption<P> = [P] extends [undefined] ? { params?: undefined } : { params: P };
type QueryOption<Q> = [Q] extends [undefined] ? { query?: undefined } : NoFields extends Q ? { query?: CallQuery<Q> } : { query: CallQuery<Q> };
type BodyOption<B> = [B] extends [undefined] ? { body?: undefined } : { body: B };

/** What a call of `E` takes: the parameters, query and body its declaration asks for, no others. */
export type CallOptions<E extends Endpoint> = ParamsOption<EndpointInput<E>['params']> &
  QueryOption<EndpointInput<E>['query']> &
  BodyOption<EndpointInput<E>['body']> & {
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };
/** The options may be left out when the endpoint needs none of them. */
type CallArgs<E extends Endpoint> = NoFields extends CallOptions<E> ? [options?: CallOptions<E>] : [options: CallOptions<E>];

/** A file an endpoint answered with (a CSV export): its content and the name the server gave it. */
export type DownloadedFile = { blob: Blob; filename: string | null };
/** What a download takes: a call's options, and who to tell as the bytes arrive. */
export type DownloadOptions<E extends Endpoint> = CallOptions<E> & { onProgress?: (receivedBytes: number) => void };

export type ApiClient = {
  /** Sends `endpoint` with its method and path, and returns its response parsed with the declared schema. */
  call: <E extends Endpoint>(endpoint: E, ...args: CallArgs<E>) => Promise<EndpointResult<E>>;
  /**
   * Sends `endpoint` (one answering a file, such as text/csv) and reads its body as it streams in,
   * telling `onProgress` the bytes so far. An error before the file is an ApiError as for `call`.
   */
  download: <E extends Endpoint>(endpoint: E, options: DownloadOptions<E>) => Promise<DownloadedFile>;
};

export type ApiClientOptions = {
  /** The current session's access token; null for public calls or when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Empty means this origin: the backend (or Vite's proxy) serves the API next to the app. */
  baseUrl?: string;
  fetch?: typeof fetch;
};

type AnyCallOptions = {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (receivedBytes: number) => void;
};

export function createApiClient({ getAccessToken, baseUrl = '', fetch: fetchImpl }: ApiClientOptions): ApiClient {
  /** Sends the request; a server that cannot be reached is a network_error, an abort stays an abort. */
  async function send(endpoint: Endpoint, options: AnyCallOptions, accept: string): Promise<Response> {
    const { params, query, body, signal } = options;
    const url = `${baseUrl}${buildEndpointPath(endpoint.path, params)}${formatQuery(query)}`;
    const headers = new Headers(options.headers);
    headers.set('Accept', accept);
    const token = await getAccessToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    // An upload (multipart/form-data) is sent as the form it is: fetch writes its boundary into Content-Type.
    const isForm = body instanceof FormData;
    if (body !== undefined && !isForm) headers.set('Content-Type', 'application/json');

    let response: Response;
    try {
      // Looked up per call so tests and polyfills that replace fetch later are honoured.
      response = await (fetchImpl ?? globalThis.fetch)(url, {
        // fetch upper-cases GET, POST, PUT and DELETE itself, but sends `patch` as written.
        method: endpoint.method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
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
    return response;
  }

  async function call<E extends Endpoint>(endpoint: E, options: AnyCallOptions = {}): Promise<EndpointResult<E>> {
    const response = await send(endpoint, options, 'application/json');
    const payload = await readJson(response);
    if (!response.ok) throw toApiError(response, payload);

    const schema = endpoint.response.schema;
    // A redirect or an empty answer declares no body to read.
    if (!schema) return undefined as EndpointResult<E>;
    const parsed = schema.safeParse(payload.ok ? payload.value : undefined);
    if (!parsed.success) {
      throw new ApiError({
        code: 'invalid_response',
        message: 'The server sent a response this app does not understand.',
        status: response.status,
        details: parsed.error.issues,
      });
    }
    return parsed.data as EndpointResult<E>;
  }

  async function download(endpoint: Endpoint, options: AnyCallOptions): Promise<DownloadedFile> {
    const response = await send(endpoint, options, `${endpoint.response.contentType ?? '*/*'}, application/json`);
    if (!response.ok) throw toApiError(response, await readJson(response));
    const type = response.headers.get('Content-Type') ?? endpoint.response.contentType ?? 'application/octet-stream';
    const filename = readAttachmentFilename(response.headers.get('Content-Disposition'));
    if (!response.body) return { blob: new Blob([], { type }), filename };
    const parts: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.length;
        options.onProgress?.(received);
      }
    } catch (error) {
      if (isAbortError(error)) throw error;
      // The server cuts a file it cannot finish: what arrived is not the whole file.
      throw new ApiError({ code: 'network_error', message: 'The download was cut off before the end. Try again.', status: response.status, details: String(error) });
    }
    return { blob: new Blob(parts as BlobPart[], { type }), filename };
  }

  // CallArgs types what each endpoint takes; the implementation reads every option the same way.
  return { call: call as ApiClient['call'], download: download as ApiClient['download'] };
}

/** The file name of `Content-Disposition: attachment; filename="contacts-2026-12-03.csv"`, if it names one. */
export function readAttachmentFilename(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // Malformed: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  return name ? name : null;
}

/** Null and undefined are left out; an array repeats its key (`platform=hubspot&platform=zoho`). */
function formatQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) params.append(key, String(item));
    }
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

/** The error envelope with any code: a server newer than this app may send a code it does not know yet. */
const ZAnyApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

function toApiError(response: Response, payload: JsonPayload): ApiError {
  const value = payload.ok ? payload.value : undefined;
  const known = ZApiError.safeParse(value);
  if (known.success) {
    const { code, message, details } = known.data.error;
    return new ApiError({ code, message, status: response.status, details });
  }
  const unknown = ZAnyApiError.safeParse(value);
  if (unknown.success) {
    // Its message still says what happened; its code is kept for whoever reads the details.
    const { code, message, details } = unknown.data.error;
    return new ApiError({ code: 'unexpected_response', message, status: response.status, details: { code, details } });
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
