import type { Endpoint } from '@voiceagent/shared';
import type { Response } from 'express';

/**
 * A response the API wrote, as it wrote it, with the endpoint that answered (none when the
 * request failed before reaching one: a bad token, a rate limit, an unknown route). Written by
 * the two places that write API bodies: the mounted endpoints and the error handler.
 */
export type ApiResponseRecord = {
  method: string;
  url: string;
  endpoint: Endpoint | undefined;
  status: number;
  /** The JSON body; undefined for a redirect or a body that is not JSON. */
  body: unknown;
  /** The Location header, when one was set. */
  location?: string;
  /** Sent again for an Idempotency-Key (Idempotent-Replayed: true). */
  isReplay?: boolean;
  /** Set when the endpoint answered in its declared alternative media type (the analytics' CSV). */
  alternativeContentType?: string;
};

/** Told about every response the API writes (createApp's `onResponse`): tests check them against the contract. */
export type OnApiResponse = (record: ApiResponseRecord) => void;

/** Marks the response as answered by this endpoint, for the error handler's record. */
export function setAnsweringEndpoint(res: Response, endpoint: Endpoint): void {
  res.locals.endpoint = endpoint;
}

export function findAnsweringEndpoint(res: Response): Endpoint | undefined {
  return res.locals.endpoint as Endpoint | undefined;
}
