import { describe, expect, it } from 'vitest';
import { generateAccountPerson } from '../../src/common/seeded-people';
import { compileSoql } from '../../src/salesforce/soql/compile';
import { runQuery } from '../../src/salesforce/query-engine';
import { SalesforceSandboxState } from '../../src/salesforce/sandbox-state';

const NOW = Date.UTC(2026, 0, 20);

function org(contactCount: number, leadCount: number, seed = 5) {
  return new SalesforceSandboxState({ orgs: [{ name: 'Seeded', contactCount, leadCount, seed }], sharedSeed: 42 }).orgs[0]!;
}

describe('seeded Salesforce records', () => {
  it('are the same for the same seed, and the shared people match what HubSpot and Zoho generate', () => {
    const a = org(300, 100);
    const b = org(300, 100);
    expect(a.stores.Contact.read(17)).toEqual(b.stores.Contact.read(17));
    // Person 0 is shared (every fifth one is) and is a Contact here, as in the other CRMs' first contact.
    const shared = generateAccountPerson({ accountSeed: 1, sharedSeed: 42 }, 0);
    expect(a.stores.Contact.read(0)).toMatchObject({ FirstName: shared.firstName, LastName: shared.lastName, Email: shared.email });
  });

  it('split the people into Contacts and Leads of the asked counts, interleaved, each person once', () => {
    const o = org(700, 300);
    const people = [...o.people.contactPerson, ...o.people.leadPerson].sort((x, y) => x - y);
    expect(people).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(o.people.leadPerson[0]).toBeLessThan(10);
    expect(o.people.leadPerson.at(-1)).toBeGreaterThan(990);
  });

  it('have converted leads that hold the same person as the Contact they became', () => {
    const o = org(500, 500);
    const converted = runQuery(o, compileSoql('SELECT Id FROM Lead WHERE IsConverted = true', NOW), true);
    expect(converted.length).toBeGreaterThan(10);
    for (const ref of converted.slice(0, 5)) {
      const lead = o.stores.Lead.read(ref)!;
      const contact = o.stores.Contact.read(o.stores.Contact.refOf(lead.ConvertedContactId as string)!)!;
      expect([lead.FirstName, lead.LastName, lead.Email]).toEqual([contact.FirstName, contact.LastName, contact.Email]);
      expect(lead.Status).toBe('Closed - Converted');
    }
  });

  it('have deterministic SystemModstamps in the past, never before CreatedDate, with ties', () => {
    const o = org(5000, 0);
    const stamps = new Map<number, number>();
    for (let ordinal = 0; ordinal < 5000; ordinal++) {
      const record = o.stores.Contact.read(ordinal)!;
      const stamp = record.SystemModstamp as number;
      expect(stamp).toBeGreaterThanOrEqual(record.CreatedDate as number);
      expect(stamp).toBeLessThan(Date.UTC(2026, 0, 1));
      stamps.set(stamp, (stamps.get(stamp) ?? 0) + 1);
    }
    expect([...stamps.values()].some((count) => count > 1)).toBe(true);
  });

  it('start a 200,000-record org without generating anyone, and filter and sort it on stamps alone', () => {
    const started = performance.now();
    const big = org(200_000, 0, 9);
    const refs = runQuery(big, compileSoql('SELECT Id FROM Contact WHERE SystemModstamp >= 2025-06-01T00:00:00Z ORDER BY SystemModstamp, Id', NOW), false);
    // Generous bound: computing cheap fields of 200,000 records takes a fraction of this on a slow machine.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(refs.length).toBeGreaterThan(10_000);
    // No faker ran: the person cache is still empty.
    expect(big.people.cachedCount).toBe(0);
  });
});
