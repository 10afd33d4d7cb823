// Plain JavaScript: a worker thread's entry module does not go through tsx's loader.
// Runs autocannon and hands back every response time (its summary has no 95th percentile).
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const responseTimes = [];
let non2xx = 0;

const instance = autocannon(
  {
    url: workerData.baseUrl,
    connections: workerData.connections,
    duration: workerData.durationSeconds,
    headers: workerData.headers,
    requests: workerData.paths.map((path) => ({ method: 'GET', path })),
  },
  (error, result) => {
    if (error) throw error;
    parentPort.postMessage({ responseTimes, seconds: result.duration, errors: result.errors, non2xx });
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  responseTimes.push(responseTime);
  if (statusCode < 200 || statusCode > 299) non2xx += 1;
});
