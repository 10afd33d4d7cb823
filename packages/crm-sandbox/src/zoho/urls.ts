import type { Request } from 'express';
import type { ZohoSandboxState } from './sandbox-state';

/** The sandbox's public base URL: the one set once listening, else the request's own origin. */
export function baseUrlOf(state: ZohoSandboxState, req: Request): string {
  return state.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
