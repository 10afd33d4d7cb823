import { describe, expect, it } from 'vitest';
import { firstFullCursor, firstIncrementalCursor, nextRead, ZSalesforceCursor, type TSalesforceCursor } from './salesforce-cursor';

function walk(start: TSalesforceCursor): string[] {
  const steps: string[] = [];
  for (let cursor: TSalesforceCursor | null = start; cursor; cursor = nextRead(cursor)) {
    steps.push(cursor.kind === 'incremental' ? `${cursor.read}:${cursor.object}` : `${cursor.mode}:${cursor.object}`);
  }
  return steps;
}

describe('nextRead', () => {
  it('reads Contact then Lead in a full run, by REST or Bulk', () => {
    expect(walk(firstFullCursor('rest', 10))).toEqual(['rest:Contact', 'rest:Lead']);
    expect(walk(firstFullCursor('bulk', 10))).toEqual(['bulk:Contact', 'bulk:Lead']);
  });

  it('reads changes of both objects, then deletions of both, in an incremental run', () => {
    expect(walk(firstIncrementalCursor('2026-01-01T00:00:00.000+0000'))).toEqual(['changes:Contact', 'changes:Lead', 'deleted:Contact', 'deleted:Lead']);
  });

  it('reads changes from since, and deletions from when they were last looked for', () => {
    const quietOrg = firstIncrementalCursor('2025-06-01T00:00:00.000+0000', '2026-01-01T00:00:00.000+0000');
    const leads = nextRead(quietOrg)!;
    expect(leads).toMatchObject({ read: 'changes', object: 'Lead', since: '2025-06-01T00:00:00.000+0000' });
    expect(nextRead(leads)).toMatchObject({ read: 'deleted', object: 'Contact', since: '2026-01-01T00:00:00.000+0000' });
  });

  it('starts the next object from its beginning', () => {
    const rest = nextRead({ ...firstFullCursor('rest', 5), nextRecordsUrl: '/services/data/v62.0/query/01g-2000', lastId: '003000000000001' });
    expect(rest).toMatchObject({ object: 'Lead', nextRecordsUrl: null, lastId: null, estimatedTotal: 5 });
    const bulk = nextRead({ ...firstFullCursor('bulk', 5), jobId: '750A', locator: 'MTAw', waits: 3 });
    expect(bulk).toMatchObject({ object: 'Lead', jobId: null, locator: null, waits: 0 });
    const keyset = nextRead({ ...firstIncrementalCursor('2026-01-01T00:00:00.000+0000'), object: 'Lead', after: { stamp: '2026-01-02T00:00:00.000+0000', id: '00Q000000000001' } });
    expect(keyset).toMatchObject({ read: 'deleted', object: 'Contact', after: null });
  });
});

describe('ZSalesforceCursor', () => {
  it('reads back every cursor it wrote', () => {
    for (const cursor of [firstFullCursor('rest', null), firstFullCursor('bulk', 3), firstIncrementalCursor('2026-01-01T00:00:00.000+0000')]) {
      expect(ZSalesforceCursor.parse(JSON.parse(JSON.stringify(cursor)))).toEqual(cursor);
    }
  });

  it('refuses a cursor whose id could carry SOQL', () => {
    const tampered = { ...firstIncrementalCursor('2026-01-01T00:00:00.000+0000'), after: { stamp: '2026-01-01T00:00:00.000+0000', id: "x' OR Id != '" } };
    expect(ZSalesforceCursor.safeParse(tampered).success).toBe(false);
  });
});
