import { generateAccountTimestamps, type PersonSource } from '../common/seeded-people';
import type { ContactFieldCatalogue } from './contact-field-catalogue';
import { withCalculatedProperties, type ContactProperties } from './contact-properties';
import { generateSeededFieldValues } from './seeded-field-values';
import { SeededPeopleCache } from './seeded-people-cache';
import { TimestampIndex } from './timestamp-index';

/** Contacts created through the API get ids above any seeded range (accounts hold at most 1,000,000 seeded). */
export const FIRST_CREATED_ID = 1_000_001;

export type ContactRecord = {
  id: string;
  properties: ContactProperties;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt: number | null;
};

type SeededEdit = { properties: ContactProperties; updatedAt: number };

/** Who made a change, as HubSpot's webhook events name it: an app through the API, or a user in HubSpot (the admin API). */
export type ChangeSource = 'API' | 'CRM_UI';

/** A property value after a change; null when it was cleared. */
export type PropertyChange = { name: string; value: string | null };

/** What the store did to a contact, for whoever turns changes into webhook events. */
export type ContactChange =
  | { kind: 'creation'; objectId: string; at: number; source: ChangeSource; properties: PropertyChange[] }
  | { kind: 'propertyChange'; objectId: string; at: number; source: ChangeSource; properties: PropertyChange[] }
  | { kind: 'deletion' | 'restore' | 'privacyDeletion'; objectId: string; at: number; source: ChangeSource }
  | { kind: 'merge'; objectId: string; mergedObjectIds: string[]; at: number; source: ChangeSource; properties: PropertyChange[] };

/** Told of every change; `isObserving` false spares the store working out what changed. */
export type ContactObserver = { isObserving(): boolean; observe(change: ContactChange): void };
type CreatedContact = { id: number; properties: ContactProperties; createdAt: number; updatedAt: number; archivedAt: number | null };

/**
 * One portal's contacts: `seededCount` generated people (id = index + 1) that are never stored,
 * plus an overlay of what changed — edits and archivals of seeded contacts, and contacts created
 * through the API. Reads merge the two.
 */
export class ContactStore {
  private readonly edits = new Map<number, SeededEdit>();
  private readonly archivedSeeded = new Map<number, number>();
  private readonly created = new Map<number, CreatedContact>();
  /** Seeded contacts deleted for good (a GDPR delete or the losing side of a merge): not even archived. */
  private readonly purgedSeeded = new Set<number>();
  /** Set by the portal registry; the webhooks listen here. */
  observer: ContactObserver | null = null;
  private nextCreatedId = FIRST_CREATED_ID;
  private timestamps: TimestampIndex | null = null;
  /** Bumped by every change, so what is derived from the overlay can be kept until the next one. */
  private revisionCount = 0;
  private emailIndex: { revision: number; ids: Map<string, number[]> } | undefined;
  private overlayCache: { revision: number; records: readonly ContactRecord[]; touched: ReadonlySet<number> } | null = null;
  readonly people: SeededPeopleCache;

  constructor(
    readonly source: PersonSource,
    private seeded: number,
    cacheLimit: number,
    /** The portal's properties: seeded contacts carry values for its live seeded ones. */
    private readonly fields: ContactFieldCatalogue,
  ) {
    this.people = new SeededPeopleCache(source, cacheLimit);
  }

  get seededCount(): number {
    return this.seeded;
  }

  /** Grows or shrinks the seeded range; edits and archivals beyond the new range are forgotten. */
  setSeededCount(count: number): void {
    this.revisionCount += 1;
    this.seeded = count;
    this.timestamps = null;
    for (const index of this.edits.keys()) if (index >= count) this.edits.delete(index);
    for (const index of this.archivedSeeded.keys()) if (index >= count) this.archivedSeeded.delete(index);
    for (const index of this.purgedSeeded) if (index >= count) this.purgedSeeded.delete(index);
  }

  /** Contacts a list without `archived=true` would return. */
  liveCount(): number {
    let created = 0;
    for (const contact of this.created.values()) if (contact.archivedAt === null) created += 1;
    return this.seeded - this.archivedSeeded.size - this.purgedSeeded.size + created;
  }

  timestampIndex(): TimestampIndex {
    this.timestamps ??= new TimestampIndex(this.source, this.seeded);
    return this.timestamps;
  }

  seededIndexOf(id: string): number | null {
    if (!/^\d+$/.test(id)) return null;
    const index = Number(id) - 1;
    return index >= 0 && index < this.seeded ? index : null;
  }

  /** True when seeded contact `index` still reads exactly as generated: not edited, not archived. */
  isPristine(index: number): boolean {
    return !this.edits.has(index) && !this.archivedSeeded.has(index) && !this.purgedSeeded.has(index);
  }

  /** Whether a live contact has this id, answered without generating the person. */
  isLive(id: string): boolean {
    const index = this.seededIndexOf(id);
    if (index !== null) return !this.archivedSeeded.has(index) && !this.purgedSeeded.has(index);
    return /^\d+$/.test(id) && this.created.get(Number(id))?.archivedAt === null;
  }

  /** Every live contact id in id order. */
  liveIds(): string[] {
    const ids: string[] = [];
    for (let index = 0; index < this.seeded; index += 1) if (!this.archivedSeeded.has(index) && !this.purgedSeeded.has(index)) ids.push(String(index + 1));
    for (const contact of this.created.values()) if (contact.archivedAt === null) ids.push(String(contact.id));
    return ids;
  }

  /** Changes with every create, update, archive or reseed; equal revisions read the same. */
  get revision(): number {
    return this.revisionCount;
  }

  /** Seeded indices that no longer read as generated (edited or archived). */
  touchedIndices(): ReadonlySet<number> {
    return this.derivedOverlay().touched;
  }

  read(id: string): ContactRecord | null {
    const index = this.seededIndexOf(id);
    if (index !== null) return this.purgedSeeded.has(index) ? null : this.readSeeded(index);
    const created = /^\d+$/.test(id) ? this.created.get(Number(id)) : undefined;
    return created ? toRecord(created) : null;
  }

  readSeeded(index: number): ContactRecord {
    const times = generateAccountTimestamps(this.source, index);
    const createdAt = times.createdAt.getTime();
    const edit = this.edits.get(index);
    const updatedAt = edit?.updatedAt ?? times.updatedAt.getTime();
    const archivedAt = this.archivedSeeded.get(index) ?? null;
    const id = String(index + 1);
    const properties = withCalculatedProperties({ ...this.describeSeeded(index), ...edit?.properties }, id, createdAt, updatedAt);
    return { id, properties, createdAt, updatedAt, archived: archivedAt !== null, archivedAt };
  }

  /** The generated person plus the generated values of the portal's live seeded properties. */
  private describeSeeded(index: number): ContactProperties {
    const person = this.people.describe(index);
    const generated = generateSeededFieldValues(this.source.accountSeed, index, person.country);
    const described: ContactProperties = { ...person };
    for (const name of this.fields.seededNames()) described[name] = generated[name] ?? null;
    return described;
  }

  /**
   * Forgets every stored value of a property (it was deleted). Modification times stay: HubSpot
   * does not touch its records when a property goes.
   */
  clearProperty(name: string): void {
    this.revisionCount += 1;
    for (const edit of this.edits.values()) delete edit.properties[name];
    for (const contact of this.created.values()) delete contact.properties[name];
  }

  /**
   * Up to `limit` contacts in id order starting at id `fromId`, either the live ones or only the
   * archived ones, and the id to continue from (null at the end). Visits only what it returns,
   * plus any archived contacts it steps over.
   */
  page(fromId: number, limit: number, archived: boolean): { records: ContactRecord[]; nextId: number | null } {
    const records: ContactRecord[] = [];
    if (archived) return this.archivedPage(fromId, limit);
    for (let index = Math.max(0, fromId - 1); index < this.seeded; index += 1) {
      if (this.archivedSeeded.has(index) || this.purgedSeeded.has(index)) continue;
      if (records.length === limit) return { records, nextId: index + 1 };
      records.push(this.readSeeded(index));
    }
    for (const contact of this.created.values()) {
      if (contact.id < fromId || contact.archivedAt !== null) continue;
      if (records.length === limit) return { records, nextId: contact.id };
      records.push(toRecord(contact));
    }
    return { records, nextId: null };
  }

  create(properties: ContactProperties, now: number, source: ChangeSource = 'API'): ContactRecord {
    this.revisionCount += 1;
    const contact: CreatedContact = { id: this.nextCreatedId++, properties: { ...properties }, createdAt: now, updatedAt: now, archivedAt: null };
    this.created.set(contact.id, contact);
    if (this.observer?.isObserving()) {
      const set = Object.entries(properties).flatMap(([name, value]) => (value ? [{ name, value }] : []));
      this.observer.observe({ kind: 'creation', objectId: String(contact.id), at: now, source, properties: set });
    }
    return toRecord(contact);
  }

  /** Applies property changes to a live contact; returns null when there is none with that id. */
  update(id: string, properties: ContactProperties, now: number, source: ChangeSource = 'API'): ContactRecord | null {
    if (!this.isLive(id)) return null;
    this.revisionCount += 1;
    const before = this.observer?.isObserving() ? this.read(id)!.properties : null;
    const index = this.seededIndexOf(id);
    let record: ContactRecord;
    if (index !== null) {
      const edit = this.edits.get(index);
      this.edits.set(index, { properties: { ...edit?.properties, ...properties }, updatedAt: now });
      record = this.readSeeded(index);
    } else {
      const contact = this.created.get(Number(id))!;
      contact.properties = { ...contact.properties, ...properties };
      contact.updatedAt = now;
      record = toRecord(contact);
    }
    if (before) {
      const changed = changedProperties(before, properties);
      if (changed.length > 0) this.observer!.observe({ kind: 'propertyChange', objectId: id, at: now, source, properties: changed });
    }
    return record;
  }

  archive(id: string, now: number, source: ChangeSource = 'API'): boolean {
    if (!this.isLive(id)) return false;
    this.revisionCount += 1;
    const index = this.seededIndexOf(id);
    if (index !== null) this.archivedSeeded.set(index, now);
    else this.created.get(Number(id))!.archivedAt = now;
    if (this.observer?.isObserving()) this.observer.observe({ kind: 'deletion', objectId: id, at: now, source });
    return true;
  }

  /** Brings an archived contact back, as HubSpot's recycle bin does; it counts as modified now. */
  restore(id: string, now: number, source: ChangeSource = 'CRM_UI'): boolean {
    const record = this.read(id);
    if (!record?.archived) return false;
    this.revisionCount += 1;
    const index = this.seededIndexOf(id);
    if (index !== null) {
      this.archivedSeeded.delete(index);
      this.edits.set(index, { properties: { ...this.edits.get(index)?.properties }, updatedAt: now });
    } else {
      const contact = this.created.get(Number(id))!;
      contact.archivedAt = null;
      contact.updatedAt = now;
    }
    if (this.observer?.isObserving()) this.observer.observe({ kind: 'restore', objectId: id, at: now, source });
    return true;
  }

  /** Deletes a contact, live or archived, for good: no read, list or restore finds it again. */
  purge(id: string, now: number, source: ChangeSource = 'API'): boolean {
    if (!this.removeForGood(id)) return false;
    if (this.observer?.isObserving()) this.observer.observe({ kind: 'privacyDeletion', objectId: id, at: now, source });
    return true;
  }

  /**
   * Merges live contact `mergedId` into live contact `primaryId`: the primary keeps its id and
   * its values, takes the merged contact's values where it has none, and the merged contact is
   * gone (not archived), as in HubSpot. Returns the primary, or null when either is not live.
   */
  merge(primaryId: string, mergedId: string, now: number, source: ChangeSource = 'API'): ContactRecord | null {
    if (primaryId === mergedId || !this.isLive(primaryId) || !this.isLive(mergedId)) return null;
    const primary = this.read(primaryId)!.properties;
    const moved: ContactProperties = {};
    for (const [name, value] of Object.entries(this.read(mergedId)!.properties)) {
      if (value && !primary[name] && !CALCULATED.has(name)) moved[name] = value;
    }
    const observer = this.observer;
    this.observer = null;
    const record = this.update(primaryId, moved, now, source)!;
    this.removeForGood(mergedId);
    this.observer = observer;
    if (observer?.isObserving()) {
      const properties = Object.entries(moved).map(([name, value]) => ({ name, value: value ?? null }));
      observer.observe({ kind: 'merge', objectId: primaryId, mergedObjectIds: [mergedId], at: now, source, properties });
    }
    return record;
  }

  private removeForGood(id: string): boolean {
    const index = this.seededIndexOf(id);
    if (index !== null) {
      if (this.purgedSeeded.has(index)) return false;
      this.revisionCount += 1;
      this.edits.delete(index);
      this.archivedSeeded.delete(index);
      this.purgedSeeded.add(index);
      return true;
    }
    if (!/^\d+$/.test(id) || !this.created.delete(Number(id))) return false;
    this.revisionCount += 1;
    return true;
  }

  /**
   * Live contacts that differ from the generated data: edited seeded ones and created ones. Kept
   * until the next change: rebuilding it generates every edited person (about 50 µs each), which
   * made each page of a sync's search after 10,000 edits cost most of a second.
   */
  overlay(): readonly ContactRecord[] {
    return this.derivedOverlay().records;
  }

  private derivedOverlay(): { records: readonly ContactRecord[]; touched: ReadonlySet<number> } {
    if (this.overlayCache?.revision === this.revisionCount) return this.overlayCache;
    const records: ContactRecord[] = [];
    for (const index of this.edits.keys()) if (!this.archivedSeeded.has(index)) records.push(this.readSeeded(index));
    for (const contact of this.created.values()) if (contact.archivedAt === null) records.push(toRecord(contact));
    const touched = new Set([...this.edits.keys(), ...this.archivedSeeded.keys(), ...this.purgedSeeded]);
    this.overlayCache = { revision: this.revisionCount, records, touched };
    return this.overlayCache;
  }

  /** The live contact with this email (case-insensitive), lowest id first, or null. */
  async findIdByEmail(email: string): Promise<string | null> {
    const wanted = email.toLowerCase();
    const candidates: number[] = [];
    for (const [index, edit] of this.edits) {
      if (this.archivedSeeded.has(index)) continue;
      const current = 'email' in edit.properties ? edit.properties.email : this.people.describe(index).email;
      if (current?.toLowerCase() === wanted) candidates.push(index + 1);
    }
    const seededIndex = await this.people.findEmail(wanted, this.seeded);
    // Edited contacts were judged above by their current email; a generated duplicate may follow one that changed.
    if (seededIndex !== null && this.isPristine(seededIndex)) candidates.push(seededIndex + 1);
    else if (seededIndex !== null) candidates.push(...this.laterSeededWithEmail(wanted, seededIndex));
    candidates.push(...(this.createdByEmail().get(wanted) ?? []));
    return candidates.length === 0 ? null : String(Math.min(...candidates));
  }

  /**
   * Live created contacts by lower-cased email, rebuilt when the store changed: a batch create
   * checks each input's email before creating any, so an import of 100,000 rows reads the
   * contacts once per batch rather than once per row (which made it quadratic).
   */
  private createdByEmail(): Map<string, number[]> {
    if (this.emailIndex?.revision === this.revisionCount) return this.emailIndex.ids;
    const ids = new Map<string, number[]>();
    for (const contact of this.created.values()) {
      const email = contact.properties.email?.toLowerCase();
      if (contact.archivedAt !== null || !email) continue;
      const list = ids.get(email);
      if (list) list.push(contact.id);
      else ids.set(email, [contact.id]);
    }
    this.emailIndex = { revision: this.revisionCount, ids };
    return ids;
  }

  /** Seeded duplicates are rare (one in 97) and sit next to each other, so a short look-ahead finds them. */
  private laterSeededWithEmail(email: string, firstIndex: number): number[] {
    const found: number[] = [];
    for (let index = firstIndex + 1; index < Math.min(this.seeded, firstIndex + 3); index += 1) {
      if (this.isPristine(index) && this.people.describe(index).email?.toLowerCase() === email) found.push(index + 1);
    }
    return found;
  }

  private archivedPage(fromId: number, limit: number): { records: ContactRecord[]; nextId: number | null } {
    const ids = [...this.archivedSeeded.keys()].map((index) => index + 1);
    for (const contact of this.created.values()) if (contact.archivedAt !== null) ids.push(contact.id);
    const sorted = ids.filter((id) => id >= fromId).sort((a, b) => a - b);
    const records = sorted.slice(0, limit).map((id) => this.read(String(id))!);
    return { records, nextId: sorted.length > limit ? sorted[limit]! : null };
  }
}

/** Kept by the store itself; a merge never copies them. */
const CALCULATED = new Set(['createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_object_id']);

/** The written properties whose value differs from before (HubSpot sends no event for a write of the same value). */
function changedProperties(before: ContactProperties, written: ContactProperties): PropertyChange[] {
  const changed: PropertyChange[] = [];
  for (const [name, value] of Object.entries(written)) {
    if ((before[name] ?? null) !== (value ?? null)) changed.push({ name, value: value ?? null });
  }
  return changed;
}

function toRecord(contact: CreatedContact): ContactRecord {
  const id = String(contact.id);
  return {
    id,
    properties: withCalculatedProperties(contact.properties, id, contact.createdAt, contact.updatedAt),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    archived: contact.archivedAt !== null,
    archivedAt: contact.archivedAt,
  };
}
