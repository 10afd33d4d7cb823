import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

type HitsRow = { hits: number; reset_at: Date };

/**
 * express-rate-limit's store on our own pool: one upsert per hit into private.rate_limit_hits
 * (migration 0090), so every API process counts against the same windows, and the database's
 * clock decides when a window ends whichever process asks. Fixed windows of `windowMs`.
 */
export class PostgresRateLimitStore implements Store {
  readonly prefix: string;
  readonly localKeys = false;
  private windowMs = 60_000;
  private lastSweepAt = 0;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    prefix: string,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.pool.query<HitsRow>(
      'select hits, reset_at from private.rate_limit_hits where key = $1 and reset_at > now()',
      [this.prefix + key],
    );
    return rows[0] ? toInfo(rows[0]) : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    this.sweepNowAndThen();
    // A row whose window has ended starts a new window instead of counting on.
    const { rows } = await this.pool.query<HitsRow>(
      `insert into private.rate_limit_hits as h (key, hits, reset_at)
       values ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
       on conflict (key) do update
         set hits = case when h.reset_at <= now() then 1 else h.hits + 1 end,
             reset_at = case when h.reset_at <= now() then excluded.reset_at else h.reset_at end
       returning hits, reset_at`,
      [this.prefix + key, this.windowMs],
    );
    return toInfo(rows[0]!);
  }

  async decrement(key: string): Promise<void> {
    await this.pool.query('update private.rate_limit_hits set hits = greatest(hits - 1, 0) where key = $1 and reset_at > now()', [
      this.prefix + key,
    ]);
  }

  async resetKey(key: string): Promise<void> {
    await this.pool.query('delete from private.rate_limit_hits where key = $1', [this.prefix + key]);
  }

  /** Stale windows are deleted at most once per window per process, without holding up the request. */
  private sweepNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastSweepAt < this.windowMs) return;
    this.lastSweepAt = now;
    this.pool
      .query('delete from private.rate_limit_hits where key like $1 and reset_at <= now()', [`${escapeLike(this.prefix)}%`])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not sweep stale rate-limit windows'));
  }
}

function toInfo(row: HitsRow): ClientRateLimitInfo {
  return { totalHits: row.hits, resetTime: row.reset_at };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
