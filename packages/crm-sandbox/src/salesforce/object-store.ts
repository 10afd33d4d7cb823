import { CREATED_ID_BASE, makeId, parseId } from './ids';
import type { SObjectType, SRecord } from './schema';
import { cheapContact, cheapLead, fullContact, fullLead, seededDeletedAt } from './seeded-records';
import type { SeededOrgPlan } from './seeded-records';

/** A record's place in its store: a seeded ordinal, or CREATED_REF + the creation sequence. */
export type RecordRef = number;
const CREATED_REF = 0x4000_0000;

export type DeletedEntry = { id: string; deletedAt: number };

/**
 * The records of one type in one org: `seededCount` records computed on demand from the seed,
 * plus an overlay — the current state of every seeded record that changed (edited or deleted)
 * and every record created through the API. Nothing is stored for an untouched seeded record.
 */
export class ObjectStore {
  private readonly touched = new Map<number, SRecord>();
  private readonly created = new Map<number, SRecord>();
  private readonly deletedLog: DeletedEntry[] = [];
  private nextSeq = 1;
  /** Bumped by every change, for caches derived from the overlay. */
  version = 0;

  constructor(
    readonly type: SObjectType,
    private readonly pod: string,
    private readonly plan: SeededOrgPlan | null,
    private readonly seeded: number,
  ) {}

  get seededCount(): number {
    return this.seeded;
  }

  /** Every ref, seeded first then created, each once; deleted records included. */
  *refs(): Generator<RecordRef> {
    for (let ordinal = 0; ordinal < this.seeded; ordinal++) yield ordinal;
    for (const seq of this.created.keys()) yield CREATED_REF + seq;
  }

  idOf(ref: RecordRef): string {
    return makeId(this.type, this.pod, ref >= CREATED_REF ? CREATED_ID_BASE + (ref - CREATED_REF) : ref + 1);
  }

  refOf(id: string): RecordRef | null {
    const n = parseId(id, this.type, this.pod);
    if (n === null) return null;
    if (n >= CREATED_ID_BASE) return this.created.has(n - CREATED_ID_BASE) ? CREATED_REF + (n - CREATED_ID_BASE) : null;
    return n >= 1 && n <= this.seeded ? n - 1 : null;
  }

  /** The current record (deleted ones too), or null. */
  read(ref: RecordRef): SRecord | null {
    if (ref >= CREATED_REF) return this.created.get(ref - CREATED_REF) ?? null;
    return this.touched.get(ref) ?? this.generate(ref, false);
  }

  /**
   * A record for a scan. `cheap` asks only for the fields computed without faker (see
   * CHEAP_FIELDS): enough when WHERE and ORDER BY read nothing else.
   */
  scanRow(ref: RecordRef, cheap: boolean): SRecord {
    if (ref >= CREATED_REF) return this.created.get(ref - CREATED_REF)!;
    return this.touched.get(ref) ?? this.generate(ref, cheap)!;
  }

  isDeleted(ref: RecordRef): boolean {
    if (ref >= CREATED_REF) return this.created.get(ref - CREATED_REF)?.IsDeleted === true;
    const touched = this.touched.get(ref);
    if (touched) return touched.IsDeleted === true;
    return this.plan !== null && seededDeletedAt(this.plan, this.type as 'Contact' | 'Lead', ref) !== null;
  }

  insert(fields: SRecord, stamp: number): { ref: RecordRef; record: SRecord } {
    const seq = this.nextSeq++;
    const ref = CREATED_REF + seq;
    const record: SRecord = { ...fields, Id: this.idOf(ref), CreatedDate: stamp, LastModifiedDate: stamp, SystemModstamp: stamp, IsDeleted: false };
    this.created.set(seq, record);
    this.version++;
    return { ref, record };
  }

  /** Applies a patch to a live record and moves its stamps. */
  update(ref: RecordRef, patch: SRecord, stamp: number, options: { systemOnly?: boolean } = {}): SRecord {
    const current = this.read(ref)!;
    const next: SRecord = { ...current, ...patch, SystemModstamp: stamp, ...(options.systemOnly ? {} : { LastModifiedDate: stamp }) };
    this.store(ref, next);
    return next;
  }

  /** Moves a record to the recycle bin (IsDeleted, seen by queryAll and getDeleted). */
  remove(ref: RecordRef, stamp: number): void {
    const current = this.read(ref)!;
    this.store(ref, { ...current, IsDeleted: true, SystemModstamp: stamp });
    this.deletedLog.push({ id: this.idOf(ref), deletedAt: stamp });
  }

  /** Records deleted in [startMs, endMs]: through the API, and seeded ones born in the bin. */
  deletedBetween(startMs: number, endMs: number): DeletedEntry[] {
    const found = this.deletedLog.filter((entry) => entry.deletedAt >= startMs && entry.deletedAt <= endMs);
    if (this.plan) {
      for (let ordinal = 0; ordinal < this.seeded; ordinal++) {
        if (this.touched.has(ordinal)) continue;
        const at = seededDeletedAt(this.plan, this.type as 'Contact' | 'Lead', ordinal);
        if (at !== null && at >= startMs && at <= endMs) found.push({ id: this.idOf(ordinal), deletedAt: at });
      }
    }
    return found.sort((a, b) => a.deletedAt - b.deletedAt || (a.id < b.id ? -1 : 1));
  }

  /** The overlay, for scans that only care about what changed (email checks, updated windows). */
  *overlayRefs(): Generator<RecordRef> {
    for (const ordinal of this.touched.keys()) yield ordinal;
    for (const seq of this.created.keys()) yield CREATED_REF + seq;
  }

  /** Removes a deleted field's values from every changed or created record (seeded ones stop generating it). */
  dropField(name: string): void {
    for (const record of this.touched.values()) delete record[name];
    for (const record of this.created.values()) delete record[name];
    this.version++;
  }

  isTouched(ref: RecordRef): boolean {
    return ref >= CREATED_REF || this.touched.has(ref);
  }

  private store(ref: RecordRef, record: SRecord): void {
    if (ref >= CREATED_REF) this.created.set(ref - CREATED_REF, record);
    else this.touched.set(ref, record);
    this.version++;
  }

  private generate(ordinal: number, cheap: boolean): SRecord | null {
    if (!this.plan || ordinal < 0 || ordinal >= this.seeded) return null;
    if (this.type === 'Contact') return cheap ? cheapContact(this.plan, ordinal) : fullContact(this.plan, ordinal);
    return cheap ? cheapLead(this.plan, ordinal) : fullLead(this.plan, ordinal);
  }
}
