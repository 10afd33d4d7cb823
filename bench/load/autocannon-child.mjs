// Plain JavaScript, forked as its own process: the load generator's memory and event loop stay
// out of the product's, whose RSS the benchmark reports. One autocannon per kind of request, each
// at its own fixed rate, so every kind gets its own latencies.
import autocannon from 'autocannon';

process.once('message', async ({ baseUrl, headers, durationSeconds, kinds }) => {
  const results = await Promise.all(kinds.map((kind) => run(baseUrl, headers, durationSeconds, kind)));
  process.send(results, () => process.exit(0));
});

function run(baseUrl, headers, durationSeconds, kind) {
  const responseTimes = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: kind.connections,
        overallRate: kind.rate,
        duration: durationSeconds,
        headers,
        requests: kind.paths.map((path) => ({ method: 'GET', path })),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ name: kind.name, responseTimes, statuses, errors: result.errors, timeouts: result.timeouts, seconds: result.duration });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responseTimes.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}
