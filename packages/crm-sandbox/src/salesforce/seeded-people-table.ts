import { generateAccountPerson } from '../common/seeded-people';
import type { PersonSource } from '../common/seeded-people';

/** What a Salesforce record takes from a seeded person. */
export type PersonFields = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  mobilePhone: string | null;
  company: string | null;
  title: string | null;
  country: string;
};

/**
 * An org's people: person p of the shared generator (so one in five is also in HubSpot and Zoho
 * with the same seed) is either a Contact or a Lead. The split interleaves them evenly by
 * Bresenham's rule, so both kinds reach across the whole index range; the tables cost one pass
 * of integer arithmetic at start-up.
 *
 * Generating a person costs ~25 µs (faker), so generated people are kept (the first
 * `cacheLimit` of them, ~300 bytes each): the first full read pays for them once, later reads
 * and bulk exports run from memory.
 */
export class SeededPeopleTable {
  readonly contactPerson: Uint32Array;
  readonly leadPerson: Uint32Array;
  private readonly cache: (PersonFields | undefined)[];
  private generated = 0;

  constructor(
    private readonly source: PersonSource,
    contactCount: number,
    leadCount: number,
    cacheLimit: number,
  ) {
    const total = contactCount + leadCount;
    this.contactPerson = new Uint32Array(contactCount);
    this.leadPerson = new Uint32Array(leadCount);
    let leads = 0;
    for (let p = 0; p < total; p++) {
      const isLead = Math.floor(((p + 1) * leadCount) / total) > Math.floor((p * leadCount) / total);
      if (isLead) this.leadPerson[leads++] = p;
      else this.contactPerson[p - leads] = p;
    }
    this.cache = new Array<PersonFields | undefined>(Math.min(total, cacheLimit));
  }

  person(index: number): PersonFields {
    const cached = this.cache[index];
    if (cached) return cached;
    const person = generateAccountPerson(this.source, index);
    const fields: PersonFields = {
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      mobilePhone: person.mobilePhone,
      company: person.company,
      title: person.jobTitle,
      country: person.country,
    };
    if (index < this.cache.length) {
      this.cache[index] = fields;
      this.generated++;
    }
    return fields;
  }

  /** People generated and kept so far: how warm the org is. */
  get cachedCount(): number {
    return this.generated;
  }

  /** Generates every person now, yielding between chunks, so later reads run from memory. */
  async warm(signal?: { cancelled: boolean }): Promise<void> {
    for (let index = 0; index < this.cache.length && !signal?.cancelled; index++) {
      if (!this.cache[index]) this.person(index);
      if (index % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
