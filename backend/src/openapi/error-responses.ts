import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { ZApiError, type Endpoint } from '@voiceagent/shared';
import { statusOf, type ErrorCode } from '../http/app-error';

/** Codes the request's shape, its body, its authentication and the rate limits can answer with, on top of the operation's own. */
export function listErrorCodes(operation: Endpoint): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  const request = operation.request ?? {};
  if (request.params || request.query || request.headers || request.body) codes.add('validation_failed');
  if (request.body) for (const code of ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const) codes.add(code);
  if (operation.auth === 'user') {
    for (const code of ['unauthorized', 'validation_failed', 'acting_user_required', 'service_token_required', 'acting_user_not_found'] as const) codes.add(code);
  }
  for (const code of operation.errors) codes.add(code);
  if (operation.path.startsWith('/api/')) codes.add('rate_limited');
  // Any operation reaching the database answers 503 with Retry-After when it is busy or unreachable (error-handler.ts).
  codes.add('service_unavailable');
  codes.add('internal_error');
  return [...codes];
}

const RETRY_AFTER: Record<number, string> = {
  429: 'Seconds until the window ends',
  503: 'Seconds after which trying again may succeed',
};

/** One response per status, naming the codes it stands for; all share the error body. */
export function buildErrorResponses(operation: Endpoint): Record<number, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of listErrorCodes(operation)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `error.code: ${codes.map((code) => `\`${code}\``).join(', ')}`,
      ...(RETRY_AFTER[status] ? { headers: { 'Retry-After': { description: RETRY_AFTER[status], schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: ZApiError } },
    };
  }
  return responses;
}
