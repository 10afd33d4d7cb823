import express from 'express';
import type { Router } from 'express';
import { handle, localsOf } from './rest-support';

const BULK_JOBS_PER_DAY = 10_000;
const BULK_STORAGE_MB = 976_562;

/** /limits and the version's resource list. */
export function orgRoutes(): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/limits', handle((_req, res) => {
    const { org } = localsOf(res);
    const used = org.usage.used();
    res.json({
      DailyApiRequests: { Max: org.usage.max, Remaining: Math.max(0, org.usage.max - used) },
      DailyBulkV2QueryJobs: { Max: BULK_JOBS_PER_DAY, Remaining: Math.max(0, BULK_JOBS_PER_DAY - org.bulkJobsToday) },
      DailyBulkV2QueryFileStorageMB: { Max: BULK_STORAGE_MB, Remaining: BULK_STORAGE_MB },
    });
  }));
  router.get('/', handle((_req, res) => {
    const v = `/services/data/v${localsOf(res).version}`;
    res.json({ limits: `${v}/limits`, sobjects: `${v}/sobjects`, query: `${v}/query`, queryAll: `${v}/queryAll`, composite: `${v}/composite`, jobs: `${v}/jobs` });
  }));
  return router;
}
