import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../credentials/token-cipher';
import { createZohoNotificationsService } from './zoho-notifications-service';

// A database that is down: nothing listens on this port, so every connection is refused.
const pool = new pg.Pool({ connectionString: 'postgres://voiceagent@127.0.0.1:1/voiceagent', connectionTimeoutMillis: 2000 });
afterAll(() => pool.end());

describe('ZohoNotificationsService.receive while the database is down', () => {
  it('fails with service_unavailable (503, retry after 5 s) and wakes no drain, so Zoho can send it again', async () => {
    const woken: string[][] = [];
    const service = createZohoNotificationsService({
      pool,
      cipher: createTokenCipher({ id: 't', key: Buffer.alloc(32, 7) }),
      logger: pino({ level: 'silent' }),
      drainWaker: { wake: async (ids) => void woken.push(ids) },
    });
    const error = await service
      .receive({ server_time: Date.now(), module: 'Contacts', ids: ['1'], operation: 'update', channel_id: '1', token: 'x' })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'service_unavailable', details: { retryAfterSeconds: 5 } });
    expect(woken).toEqual([]);
  });
});
