// The HubSpot sandbox on a thread of its own: HubSpot is elsewhere in production, so its answers to
// the drain's batch reads, and its webhook sends, must not run on the API's event loop, whose
// answer times are measured. Posts { url } once listening; closes on any message.
import { parentPort, workerData } from 'node:worker_threads';
import { startHubSpotSandbox, type StartHubSpotSandboxOptions } from '@voiceagent/crm-sandbox';

const hubspot = await startHubSpotSandbox(workerData as StartHubSpotSandboxOptions);
parentPort!.postMessage({ url: hubspot.url });
parentPort!.once('message', () => {
  void hubspot.close().then(() => process.exit(0));
});
