import express from 'express';
import type { Router } from 'express';
import { SalesforceError, sfErrors } from './errors';
import { answerQuery } from './query-routes';
import { handle, localsOf } from './rest-support';
import type { SalesforceSandboxState } from './sandbox-state';
import { SoqlError } from './soql/compile';

/** Salesforce's caps: 25 subrequests, of which 5 may be queries. */
const MAX_SUBREQUESTS = 25;
const MAX_QUERIES = 5;

type Subrequest = { method: string; url: string; referenceId: string };
type SubResponse = { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string };

/**
 * POST /composite: several REST requests in one call, which counts once against the org's API
 * allowance (and once in the request counters). The sandbox runs the subrequests it needs —
 * GET /query and /queryAll — and answers any other with a subrequest error; references between
 * subrequests (`@{ref.field}`) are not supported.
 */
export function compositeRequestRoutes(state: SalesforceSandboxState): Router {
  const router = express.Router({ mergeParams: true });
  router.post(
    '/composite',
    handle((req, res) => {
      const { org, version } = localsOf(res);
      const subrequests = readSubrequests(req.body);
      const responses = subrequests.map((sub): SubResponse => {
        try {
          const target = new URL(sub.url, 'http://sandbox.invalid');
          const match = /^\/services\/data\/v\d+\.\d\/(query|queryAll)\/?$/.exec(target.pathname);
          if (sub.method.toUpperCase() !== 'GET' || !match) {
            throw sfErrors.badRequest('NOT_SUPPORTED', `The sandbox's composite runs GET query and queryAll subrequests only, not ${sub.method} ${target.pathname}`);
          }
          const body = answerQuery(state, org, version, { soql: target.searchParams.get('q') ?? undefined, includeDeleted: match[1] === 'queryAll', options: undefined });
          return { body, httpHeaders: {}, httpStatusCode: 200, referenceId: sub.referenceId };
        } catch (error) {
          const refusal = asSalesforceError(error);
          return { body: refusal.body(), httpHeaders: {}, httpStatusCode: refusal.status, referenceId: sub.referenceId };
        }
      });
      res.json({ compositeResponse: responses });
    }),
  );
  return router;
}

function readSubrequests(body: unknown): Subrequest[] {
  const list = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
  if (!Array.isArray(list) || list.length === 0) throw sfErrors.badRequest('JSON_PARSER_ERROR', 'compositeRequest is required and must be a non-empty array');
  if (list.length > MAX_SUBREQUESTS) throw sfErrors.badRequest('INVALID_BATCH_REQUEST', `A composite request can't have more than ${MAX_SUBREQUESTS} subrequests`);
  const subrequests = list.map((raw: unknown) => {
    const sub = raw as Partial<Subrequest> | null;
    if (!sub || typeof sub.method !== 'string' || typeof sub.url !== 'string' || typeof sub.referenceId !== 'string' || !/^\w+$/.test(sub.referenceId)) {
      throw sfErrors.badRequest('JSON_PARSER_ERROR', 'Every subrequest needs method, url and a referenceId of letters, digits and underscores');
    }
    return { method: sub.method, url: sub.url, referenceId: sub.referenceId };
  });
  if (new Set(subrequests.map((sub) => sub.referenceId)).size !== subrequests.length) throw sfErrors.badRequest('INVALID_BATCH_REQUEST', 'Duplicate referenceId');
  if (subrequests.filter((sub) => /\/query(?:All)?\b/.test(sub.url)).length > MAX_QUERIES) {
    throw sfErrors.badRequest('INVALID_BATCH_REQUEST', `A composite request can't have more than ${MAX_QUERIES} query subrequests`);
  }
  return subrequests;
}

/** A subrequest's refusal; anything unexpected fails the whole request, as handle() answers it. */
function asSalesforceError(error: unknown): SalesforceError {
  if (error instanceof SalesforceError) return error;
  if (error instanceof SoqlError) return new SalesforceError(400, error.errorCode, error.message);
  throw error;
}
