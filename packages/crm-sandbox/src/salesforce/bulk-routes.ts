import express from 'express';
import type { Request, Router } from 'express';
import { csvRange, currentState, decodeLocator, encodeLocator, jobInfo, pollJob, startBulkQueryJob } from './bulk-jobs';
import type { BulkJob } from './bulk-jobs';
import { SalesforceError, sfErrors } from './errors';
import { compile, handle, localsOf } from './rest-support';
import type { SalesforceSandboxState } from './sandbox-state';

const DEFAULT_MAX_RECORDS = 50_000;
const MAX_RECORDS_CAP = 100_000;

/** Bulk API 2.0 query jobs: create, poll, read CSV results page by page, abort, delete. */
export function bulkRoutes(state: SalesforceSandboxState): Router {
  const router = express.Router({ mergeParams: true });

  router.post('/jobs/query', handle((req, res) => {
    const { org, user } = localsOf(res);
    const body = (req.body ?? {}) as { operation?: unknown; query?: unknown; contentType?: unknown; columnDelimiter?: unknown; lineEnding?: unknown };
    if (body.operation !== 'query' && body.operation !== 'queryAll') throw new SalesforceError(400, 'INVALIDJOB', 'InvalidJob : Invalid operation: operation must be query or queryAll');
    if (body.columnDelimiter !== undefined && body.columnDelimiter !== 'COMMA') throw new SalesforceError(400, 'INVALIDJOB', 'InvalidJob : the sandbox writes COMMA-delimited results only');
    if (body.lineEnding !== undefined && body.lineEnding !== 'LF') throw new SalesforceError(400, 'INVALIDJOB', 'InvalidJob : the sandbox writes LF line endings only');
    const query = compile(typeof body.query === 'string' ? body.query : undefined, state, org);
    if (query.fields === null) throw new SalesforceError(400, 'API_ERROR', 'Aggregate queries are not supported by Bulk API 2.0');
    const job = startBulkQueryJob(org, query, body.operation, user.id, state.now());
    res.status(200).json(jobInfo(job, false));
  }));

  router.get('/jobs/query/:jobId', handle((req, res) => {
    const job = findJob(req, res.locals);
    pollJob(job, state.bulkTiming);
    res.json(jobInfo(job, true));
  }));

  router.get('/jobs/query/:jobId/results', handle((req, res) => {
    const job = findJob(req, res.locals);
    if (currentState(job, state.bulkTiming) !== 'JobComplete') throw new SalesforceError(400, 'INVALIDJOBSTATE', `Job is not in a valid state to retrieve results: ${job.state}`);
    const requested = req.query.maxRecords === undefined ? DEFAULT_MAX_RECORDS : Number(req.query.maxRecords);
    if (!Number.isInteger(requested) || requested < 1) throw new SalesforceError(400, 'INVALIDQUERYFILTEROPERATOR', 'maxRecords must be a positive integer');
    const maxRecords = Math.min(requested, MAX_RECORDS_CAP);
    const offset = typeof req.query.locator === 'string' && req.query.locator !== '' ? decodeLocator(req.query.locator) : 0;
    if (offset === null || offset > job.recordCount) throw new SalesforceError(400, 'INVALIDLOCATOR', 'Invalid locator');
    const end = Math.min(job.recordCount, offset + maxRecords);
    res.setHeader('Sforce-Locator', end < job.recordCount ? encodeLocator(end) : 'null');
    res.setHeader('Sforce-NumberOfRecords', String(end - offset));
    res.type('text/csv; charset=UTF-8').send(job.header + csvRange(job, offset, end));
  }));

  router.patch('/jobs/query/:jobId', handle((req, res) => {
    const job = findJob(req, res.locals);
    if ((req.body as { state?: unknown } | undefined)?.state !== 'Aborted') throw new SalesforceError(400, 'INVALIDJOBSTATE', 'Only Aborted can be set on a query job');
    const now = currentState(job, state.bulkTiming);
    if (now === 'JobComplete' || now === 'Failed' || now === 'Aborted') throw new SalesforceError(400, 'INVALIDJOBSTATE', `Job is already ${now}`);
    job.state = 'Aborted';
    res.json(jobInfo(job, false));
  }));

  router.delete('/jobs/query/:jobId', handle((req, res) => {
    const job = findJob(req, res.locals);
    const now = currentState(job, state.bulkTiming);
    if (now === 'UploadComplete' || now === 'InProgress') throw new SalesforceError(400, 'INVALIDJOBSTATE', 'Abort the job before deleting it');
    localsOf(res).org.bulkJobs.delete(job.id);
    res.status(204).end();
  }));

  return router;
}

function findJob(req: Request, locals: Record<string, unknown>): BulkJob {
  const { org } = locals as ReturnType<typeof localsOf>;
  const job = org.bulkJobs.get(String(req.params.jobId));
  if (!job) throw sfErrors.notFound('The requested resource does not exist');
  return job;
}
