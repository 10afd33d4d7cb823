// The ingest half's sender, on a thread of its own: HubSpot posts from elsewhere, so building and
// signing 100-event bodies must not queue behind (or in front of) the API's own event loop, whose
// answer times are what is measured. Posts at a fixed rate without waiting for answers (open loop).
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';

export type IngestPlan = {
  url: string;
  secret: string;
  portalId: number;
  appId: number;
  contacts: number;
  requests: number;
  gapMs: number;
  eventsPerRequest: number;
  firstEventId: number;
};
export type IngestOutcome = { answerMs: number[]; statuses: Array<[number, number]>; seconds: number };

const plan = workerData as IngestPlan;
const answerMs: number[] = [];
const statuses = new Map<number, number>();
let eventId = plan.firstEventId;

async function post(body: string): Promise<void> {
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', plan.secret).update(`POST${plan.url}${body}${timestamp}`).digest('base64');
  const started = performance.now();
  const res = await fetch(plan.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp },
    body,
  });
  await res.arrayBuffer();
  answerMs.push(performance.now() - started);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
}

const inFlight: Promise<void>[] = [];
const started = performance.now();
for (let r = 0; r < plan.requests; r += 1) {
  const wait = started + r * plan.gapMs - performance.now();
  if (wait > 0) await sleep(wait);
  const occurredAt = Date.now();
  const events = Array.from({ length: plan.eventsPerRequest }, () => {
    eventId += 1;
    return {
      eventId,
      subscriptionType: 'contact.propertyChange',
      portalId: plan.portalId,
      objectId: 1 + (eventId % plan.contacts),
      occurredAt,
      attemptNumber: 0,
      propertyName: 'firstname',
      propertyValue: 'x',
      appId: plan.appId,
      subscriptionId: 1,
      changeSource: 'CRM',
    };
  });
  inFlight.push(post(JSON.stringify(events)));
}
await Promise.all(inFlight);
parentPort!.postMessage({ answerMs, statuses: [...statuses], seconds: (performance.now() - started) / 1000 } satisfies IngestOutcome);
