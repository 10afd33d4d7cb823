import { generateAccountPerson } from '../common/seeded-people';
import type { PersonSource } from '../common/seeded-people';
import { fieldsFromPerson, fullNameOf } from './contact-fields';
import type { ContactFields, StoredContact } from './contact-fields';
import { makeId, parseContactId, seededContactId } from './ids';
import type { ContactRef } from './ids';

/** A change to one contact, as the Notification API reports it (the fields an update set). */
export type ContactChange = { operation: 'insert' | 'update' | 'delete'; id: string; fields: string[] };

export type DeletedContact = {
  id: string;
  displayName: string;
  type: 'recycle' | 'permanent';
  deletedAtMs: number;
};

/**
 * The contacts of one org: `seededCount` people computed on demand from the seed, plus an
 * overlay of what changed since (edits, deletions, created records). Nothing is stored for
 * a seeded contact until it changes, so an org of 1,000,000 contacts costs a few maps.
 */
export class ContactStore {
  readonly edits = new Map<number, StoredContact>();
  readonly created = new Map<number, StoredContact>();
  readonly deletedSeeded = new Set<number>();
  readonly deletedLog: DeletedContact[] = [];
  /** Bumped on every change, so caches derived from the overlay know when to rebuild. */
  version = 0;
  /** Told of every insert, update and delete, whoever made it (API, admin, bulk): the notifier listens. */
  onChange: ((change: ContactChange) => void) | undefined;
  private nextCreatedSeq = 1;
  /**
   * Recently generated seeded contacts. Generating one costs ~50 µs (faker), which caps a
   * 200-record page at ~100 per second; repeated reads (benchmarks, repeated syncs) hit this.
   */
  private readonly recent = new Map<number, StoredContact>();

  constructor(
    readonly orgCode: number,
    readonly source: PersonSource,
    private seeded: number,
  ) {}

  get seededCount(): number {
    return this.seeded;
  }

  liveCount(): number {
    return this.seeded - this.deletedSeeded.size + this.created.size;
  }

  /** Growing adds seeded people; shrinking drops the highest indices as if they never existed. */
  setSeededCount(count: number): void {
    for (const index of [...this.edits.keys()]) if (index >= count) this.edits.delete(index);
    for (const index of [...this.deletedSeeded]) if (index >= count) this.deletedSeeded.delete(index);
    this.seeded = count;
    this.version++;
  }

  isOverlaid(index: number): boolean {
    return this.edits.has(index) || this.deletedSeeded.has(index);
  }

  seededOriginal(index: number): StoredContact {
    const cached = this.recent.get(index);
    if (cached) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.recent.delete(index);
      this.recent.set(index, cached);
      return cached;
    }
    const contact = this.generate(index);
    this.recent.set(index, contact);
    if (this.recent.size > RECENT_CAPACITY) this.recent.delete(this.recent.keys().next().value as number);
    return contact;
  }

  private generate(index: number): StoredContact {
    const person = generateAccountPerson(this.source, index);
    return {
      id: seededContactId(this.orgCode, index),
      ref: { kind: 'seeded', index },
      fields: fieldsFromPerson(person, this.orgCode, index),
      createdAtMs: truncateToSecond(person.createdAt.getTime()),
      modifiedAtMs: truncateToSecond(person.updatedAt.getTime()),
    };
  }

  getByRef(ref: ContactRef): StoredContact | null {
    if (ref.kind === 'created') return this.created.get(ref.seq) ?? null;
    if (ref.index < 0 || ref.index >= this.seeded || this.deletedSeeded.has(ref.index)) return null;
    return this.edits.get(ref.index) ?? this.seededOriginal(ref.index);
  }

  get(id: string): StoredContact | null {
    const ref = parseContactId(this.orgCode, id);
    return ref ? this.getByRef(ref) : null;
  }

  insert(fields: ContactFields, nowMs: number): StoredContact {
    const seq = this.nextCreatedSeq++;
    const at = truncateToSecond(nowMs);
    const contact: StoredContact = { id: makeId(this.orgCode, 'createdContact', seq), ref: { kind: 'created', seq }, fields, createdAtMs: at, modifiedAtMs: at };
    this.created.set(seq, contact);
    this.version++;
    this.onChange?.({ operation: 'insert', id: contact.id, fields: Object.keys(fields) });
    return contact;
  }

  update(contact: StoredContact, patch: ContactFields, nowMs: number): StoredContact {
    const next: StoredContact = { ...contact, fields: { ...contact.fields, ...patch }, modifiedAtMs: truncateToSecond(nowMs) };
    if (next.ref.kind === 'created') this.created.set(next.ref.seq, next);
    else this.edits.set(next.ref.index, next);
    this.version++;
    this.onChange?.({ operation: 'update', id: next.id, fields: Object.keys(patch) });
    return next;
  }

  remove(contact: StoredContact, nowMs: number, type: DeletedContact['type']): DeletedContact {
    if (contact.ref.kind === 'created') this.created.delete(contact.ref.seq);
    else {
      this.edits.delete(contact.ref.index);
      this.deletedSeeded.add(contact.ref.index);
    }
    const entry: DeletedContact = { id: contact.id, displayName: fullNameOf(contact.fields), type, deletedAtMs: truncateToSecond(nowMs) };
    this.deletedLog.push(entry);
    this.version++;
    this.onChange?.({ operation: 'delete', id: contact.id, fields: [] });
    return entry;
  }

  /** Contacts that live in the overlay: edited seeded ones and created ones. */
  overlayContacts(): StoredContact[] {
    return [...this.edits.values(), ...this.created.values()];
  }
}

const RECENT_CAPACITY = 20_000;

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
