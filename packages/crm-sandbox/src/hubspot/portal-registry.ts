import { CallStore } from './call-store';
import { ContactFieldCatalogue } from './contact-field-catalogue';
import { ContactStore } from './contact-store';
import { ListStore } from './list-store';
import type { HubSpotPortalInput } from './options';

/** The most seeded contacts one account can hold. */
export const MAX_SEEDED_CONTACTS = 1_000_000;

export type Portal = {
  id: number;
  name: string;
  domain: string;
  dataCentre: 'na1';
  /** The user who installs apps into this portal on the consent page. */
  userId: number;
  userEmail: string;
  /** The contact properties of this portal: HubSpot's, the seeded custom ones and any added by admin calls. */
  fields: ContactFieldCatalogue;
  contacts: ContactStore;
  calls: CallStore;
  /** Contact lists (Lists API v3) and their members. */
  lists: ListStore;
};

/** The HubSpot accounts (portals) of the sandbox, keyed by hub id. */
export class PortalRegistry {
  private readonly portals = new Map<number, Portal>();
  private nextId = 20_000_001;

  constructor(private readonly cacheLimit: number) {}

  create(input: HubSpotPortalInput): Portal {
    const id = input.id ?? this.nextId++;
    if (this.portals.has(id)) throw new Error(`A portal with id ${id} already exists`);
    const count = input.contactCount ?? 0;
    if (count < 0 || count > MAX_SEEDED_CONTACTS) throw new Error(`contactCount must be between 0 and ${MAX_SEEDED_CONTACTS}`);
    const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `portal-${id}`;
    const domain = input.domain ?? `${slug}.example.com`;
    const fields = new ContactFieldCatalogue();
    const portal: Portal = {
      id,
      name: input.name,
      domain,
      dataCentre: 'na1',
      userId: 9_000_000 + (id % 1_000_000),
      userEmail: `admin@${domain}`,
      fields,
      contacts: new ContactStore({ accountSeed: input.accountSeed ?? id, sharedSeed: input.sharedSeed ?? 42 }, count, this.cacheLimit, fields),
      calls: new CallStore(),
      lists: new ListStore(),
    };
    this.portals.set(id, portal);
    return portal;
  }

  delete(id: number): boolean {
    return this.portals.delete(id);
  }

  find(id: number): Portal | undefined {
    return this.portals.get(id);
  }

  list(): Portal[] {
    return [...this.portals.values()];
  }
}
