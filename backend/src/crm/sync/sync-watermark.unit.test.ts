import { describe, expect, it } from 'vitest';
import { computeWatermark, latestProviderTime, WATERMARK_SKEW_MS } from './sync-watermark';

const at = (iso: string) => new Date(iso);

describe('latestProviderTime', () => {
  it('is the latest crmUpdatedAt or deletedAt of a page; null when none is dated', () => {
    const contacts = [{ crmUpdatedAt: at('2025-01-01T00:00:00Z') }, { crmUpdatedAt: null }, { crmUpdatedAt: at('2025-03-01T00:00:00Z') }];
    const deleted = [{ externalId: 'x', deletedAt: at('2025-02-01T00:00:00Z') }];
    expect(latestProviderTime({ contacts: contacts as never, deleted })).toEqual(at('2025-03-01T00:00:00Z'));
    expect(latestProviderTime({ contacts: [], deleted: [{ externalId: 'y', deletedAt: at('2025-04-01T00:00:00Z') }] })).toEqual(at('2025-04-01T00:00:00Z'));
    expect(latestProviderTime({ contacts: [{ crmUpdatedAt: null }] as never, deleted: [{ externalId: 'z', deletedAt: null }] })).toBeNull();
  });
});

describe('computeWatermark', () => {
  const started = at('2026-06-01T12:00:00Z');

  it('is the latest provider time seen when that is well before the run started', () => {
    expect(computeWatermark(at('2026-05-01T00:00:00Z'), started)).toEqual(at('2026-05-01T00:00:00Z'));
  });

  it('never passes the run’s start less the skew margin: changes made while the run paged are read again', () => {
    expect(computeWatermark(at('2026-06-01T12:30:00Z'), started)).toEqual(new Date(started.getTime() - WATERMARK_SKEW_MS));
  });

  it('is null when the run saw no dated record (the connection keeps its watermark)', () => {
    expect(computeWatermark(null, started)).toBeNull();
  });
});
