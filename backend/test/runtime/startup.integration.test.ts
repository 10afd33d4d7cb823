import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';

/**
 * A load balancer, an orchestrator or a person opening the URL early reaches the port while the
 * product is still starting (database, migrations, job queue, sandboxes). Every such request must
 * get an answer at once — never a socket that is accepted and left hanging.
 */
const PATHS = ['/healthz', '/readyz', '/api/v1/config'] as const;
// Quick on a quiet machine (milliseconds); the bound only separates an answer from a socket held
// until start-up ends, so it is generous for a machine busy running other test files beside it.
const ANSWER_WITHIN_MS = 5_000;

type Probe = {
  path: (typeof PATHS)[number];
  /** Fired once startProduct had resolved. */
  firedAfterReady: boolean;
  /** 0: no answer within ANSWER_WITHIN_MS (or the connection failed). */
  status: number;
  retryAfter: string | null;
  errorCode: string | null;
  failure?: string;
};

describe('starting the product', () => {
  it('answers every request from the moment it listens: liveness at once, 503 with Retry-After until ready, then the app', async () => {
    const probes: Probe[] = [];
    let url: string | undefined;
    let isReady = false;
    let firing: Promise<void> | undefined;
    let product: TestProduct | undefined;

    async function probe(path: Probe['path']): Promise<void> {
      const firedAfterReady = isReady;
      try {
        const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
        const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
        probes.push({ path, firedAfterReady, status: res.status, retryAfter: res.headers.get('retry-after'), errorCode: body?.error?.code ?? null });
      } catch (error) {
        probes.push({ path, firedAfterReady, status: 0, retryAfter: null, errorCode: null, failure: String(error) });
      }
    }

    // Rounds of probes, back to back, from the moment it listens until two rounds after it is ready.
    async function fireUntilReady(): Promise<void> {
      for (let roundsAfterReady = 0; roundsAfterReady < 2; ) {
        if (isReady) roundsAfterReady++;
        await Promise.all(PATHS.map(probe));
        await sleep(20);
      }
    }

    try {
      product = await startTestProduct(
        { SYNC_WORKERS: 'off', CRM_SANDBOX_CONTACTS: '20' },
        {
          onListening: (listeningUrl) => {
            url = listeningUrl;
            firing = fireUntilReady();
          },
        },
      );
    } finally {
      isReady = true;
      await firing;
      await product?.close();
    }

    const unanswered = probes.filter((p) => p.status === 0);
    expect(unanswered, `requests left without an answer for ${ANSWER_WITHIN_MS} ms`).toEqual([]);

    const whileStarting = probes.filter((p) => !p.firedAfterReady);
    expect(whileStarting.length).toBeGreaterThan(0);
    // Liveness: the process is up, whatever else is still starting.
    expect(probes.filter((p) => p.path === '/healthz').every((p) => p.status === 200)).toBe(true);
    // Not ready yet: readiness and the API say so, and when to try again.
    const refused = whileStarting.filter((p) => p.status === 503);
    expect(refused.some((p) => p.path === '/readyz')).toBe(true);
    expect(refused.some((p) => p.path === '/api/v1/config')).toBe(true);
    for (const p of probes.filter((p) => p.status !== 200)) {
      expect(p).toMatchObject({ status: 503, errorCode: 'service_unavailable' });
      expect(Number(p.retryAfter)).toBeGreaterThan(0);
    }
    // Ready: the real answers.
    const afterReady = probes.filter((p) => p.firedAfterReady);
    expect(afterReady.map((p) => p.path)).toEqual(expect.arrayContaining([...PATHS]));
    expect(afterReady.every((p) => p.status === 200)).toBe(true);
  });
});
