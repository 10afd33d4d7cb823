import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubSpotWebhookEvent } from '../../src/hubspot';

export type ReceivedDelivery = {
  uri: string;
  timestamp: number;
  signature: string;
  body: string;
  events: HubSpotWebhookEvent[];
  /** The v3 signature checked here with node:crypto, as the product's receiver must. */
  isSignatureValid: boolean;
};

/** The status to answer delivery number `n` (0-based) with, or `hang` to never answer. */
export type Responder = (n: number) => number | 'hang';

export type TestReceiver = {
  url: string;
  deliveries: ReceivedDelivery[];
  events(): HubSpotWebhookEvent[];
  close(): Promise<void>;
};

/** A tiny HTTP target for webhook deliveries that records every request and checks its signature. */
export async function startReceiver(clientSecret: string, respond: Responder = () => 204, path = '/hooks/hubspot'): Promise<TestReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const uri = `http://${req.headers.host}${req.url}`;
      const timestamp = Number(req.headers['x-hubspot-request-timestamp']);
      const signature = String(req.headers['x-hubspot-signature-v3'] ?? '');
      deliveries.push({ uri, timestamp, signature, body, events: JSON.parse(body) as HubSpotWebhookEvent[], isSignatureValid: verifyV3(clientSecret, req.method ?? '', uri, body, timestamp, signature) });
      const answer = respond(count++);
      if (answer === 'hang') return;
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    events: () => deliveries.flatMap((delivery) => delivery.events),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function verifyV3(clientSecret: string, method: string, uri: string, body: string, timestamp: number, signature: string): boolean {
  const expected = createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
