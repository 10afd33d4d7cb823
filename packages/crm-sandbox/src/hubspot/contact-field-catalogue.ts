import { createInitialDefinitions, type PropertyDefinition } from './contact-field-definitions';

/**
 * One portal's contact properties: HubSpot's defaults, the seeded custom ones and any an admin
 * call created; archived ones are kept apart, as HubSpot lists them only with `archived=true`.
 * A name is known to reads and writes only while its property is live.
 */
export class ContactFieldCatalogue {
  private readonly live = new Map<string, PropertyDefinition>();
  private readonly archived = new Map<string, PropertyDefinition>();
  private seededNamesCache: readonly string[] | null = null;

  constructor() {
    for (const definition of createInitialDefinitions()) this.live.set(definition.name, definition);
  }

  list(): PropertyDefinition[] {
    return [...this.live.values()];
  }

  listArchived(): PropertyDefinition[] {
    return [...this.archived.values()];
  }

  find(name: string): PropertyDefinition | undefined {
    return this.live.get(name);
  }

  has(name: string): boolean {
    return this.live.has(name);
  }

  /** Live properties whose values seeded contacts generate; a deleted or re-created one has none. */
  seededNames(): readonly string[] {
    this.seededNamesCache ??= this.list()
      .filter((definition) => definition.seeded)
      .map((definition) => definition.name);
    return this.seededNamesCache;
  }

  add(definition: PropertyDefinition): void {
    this.archived.delete(definition.name);
    this.live.set(definition.name, definition);
    this.seededNamesCache = null;
  }

  replace(definition: PropertyDefinition): void {
    this.live.set(definition.name, definition);
  }

  archive(name: string, now: number): PropertyDefinition | undefined {
    const definition = this.live.get(name);
    if (!definition) return undefined;
    this.live.delete(name);
    const archived = { ...definition, archivedAt: now, updatedAt: now };
    this.archived.set(name, archived);
    this.seededNamesCache = null;
    return archived;
  }

  nextDisplayOrder(): number {
    return Math.max(0, ...this.list().map((definition) => definition.displayOrder)) + 1;
  }
}
