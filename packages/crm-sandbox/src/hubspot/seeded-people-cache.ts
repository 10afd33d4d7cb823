import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { generateAccountPerson, type PersonSource } from '../common/seeded-people';
import { describeSeededPerson, type ContactProperties } from './contact-properties';

/** Generating a person costs about 50 µs; this many per turn keeps the server answering other requests. */
const CHUNK = 2000;

/**
 * The seeded people of one account, generated on demand. Scans that need names or phones
 * (search on text properties, the email uniqueness check) would regenerate every person each
 * time, so the first scan keeps what it generated: all properties for accounts up to
 * `cacheLimit` contacts, and an email → first index map for any size. Both are built in chunks
 * that yield to the event loop.
 */
export class SeededPeopleCache {
  private readonly people: ContactProperties[] = [];
  private readonly emails = new Map<string, number>();
  private emailsIndexed = 0;
  private building: Promise<void> | null = null;

  constructor(
    private readonly source: PersonSource,
    private readonly cacheLimit: number,
  ) {}

  /** Properties of seeded contact `index` without the calculated ones. */
  describe(index: number): ContactProperties {
    return this.people[index] ?? describeSeededPerson(generateAccountPerson(this.source, index), this.source.accountSeed, index);
  }

  /** Caches every person below `count` when the account is small enough; resolves either way. */
  async warm(count: number): Promise<void> {
    if (count <= this.cacheLimit) await this.build(count, true);
  }

  /** The lowest seeded index below `count` whose email is `email` (case-insensitive), or null. */
  async findEmail(email: string, count: number): Promise<number | null> {
    await this.build(count, count <= this.cacheLimit);
    const index = this.emails.get(email.toLowerCase());
    return index !== undefined && index < count ? index : null;
  }

  private async build(count: number, keepPeople: boolean): Promise<void> {
    while (this.emailsIndexed < count || (keepPeople && this.people.length < count)) {
      this.building ??= this.buildChunks(count, keepPeople).finally(() => (this.building = null));
      await this.building;
    }
  }

  private async buildChunks(count: number, keepPeople: boolean): Promise<void> {
    let index = keepPeople ? Math.min(this.emailsIndexed, this.people.length) : this.emailsIndexed;
    while (index < count) {
      const end = Math.min(count, index + CHUNK);
      for (; index < end; index += 1) {
        const properties = this.describe(index);
        if (keepPeople && this.people.length === index) this.people.push(properties);
        if (index >= this.emailsIndexed) {
          const email = properties.email?.toLowerCase();
          if (email && !this.emails.has(email)) this.emails.set(email, index);
          this.emailsIndexed = index + 1;
        }
      }
      await yieldToEventLoop();
    }
  }
}
