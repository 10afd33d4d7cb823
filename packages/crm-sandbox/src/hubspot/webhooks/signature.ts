import { createHash, createHmac } from 'node:crypto';

/** HubSpot's v3 signature: base64 HMAC-SHA256 under the app's client secret of method + URI + body + timestamp. */
export function signV3(clientSecret: string, method: string, uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

/** The v1 signature HubSpot still sends beside v3: hex SHA-256 of client secret + body. */
export function signV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(`${clientSecret}${body}`).digest('hex');
}
