import { describe, expect, it } from 'vitest';
import { readPercentile } from './latency-histogram';

describe('readPercentile', () => {
  it('interpolates between ranks as percentile_cont does, each bucket standing for its mean', () => {
    const buckets = [
      { index: 39, count: 1, sum: 30 },
      { index: 26, count: 1, sum: 10 },
    ];
    expect(readPercentile(buckets, 0.5)).toBe(20);
    expect(readPercentile(buckets, 0.95)).toBeCloseTo(29, 9);
  });

  it('stays within one bucket\'s width of the exact percentile', () => {
    // 1,000 latencies spread from 0.5 s to 10 minutes, bucketed four to a doubling (migration 0245).
    const values = Array.from({ length: 1000 }, (_, i) => 0.5 * Math.pow(1200, i / 999));
    const byIndex = new Map<number, { index: number; count: number; sum: number }>();
    for (const value of values) {
      const index = Math.floor(4 * Math.log2(value));
      const bucket = byIndex.get(index) ?? { index, count: 0, sum: 0 };
      bucket.count += 1;
      bucket.sum += value;
      byIndex.set(index, bucket);
    }
    for (const fraction of [0.5, 0.95]) {
      const position = fraction * (values.length - 1);
      const exact = values[Math.floor(position)]! + (position - Math.floor(position)) * (values[Math.floor(position) + 1]! - values[Math.floor(position)]!);
      const estimate = readPercentile([...byIndex.values()], fraction)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(Math.pow(2, 1 / 4) - 1);
    }
  });

  it('answers null without values, and the one value there is', () => {
    expect(readPercentile([], 0.5)).toBeNull();
    expect(readPercentile([{ index: 0, count: 0, sum: 0 }], 0.5)).toBeNull();
    expect(readPercentile([{ index: 10, count: 3, sum: 6 }], 0.95)).toBe(2);
  });
});
