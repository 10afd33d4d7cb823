/** Calls live in a separate id range so a call id is never mistaken for a contact id. */
const FIRST_CALL_ID = 30_000_000_001;

export type CallRecord = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  contactIds: string[];
};

/** Calls logged through `POST /crm/v3/objects/calls` (one or a batch), with the contacts each is associated with. */
export class CallStore {
  private readonly calls = new Map<string, CallRecord>();
  /** contact id → its calls' ids, oldest first: association reads stay cheap with many calls. */
  private readonly byContact = new Map<string, string[]>();
  private nextId = FIRST_CALL_ID;
  /** Calls created since the sandbox started, for tests and benchmarks to count. */
  created = 0;

  create(properties: Record<string, string | null>, contactIds: string[], now: number): CallRecord {
    const id = String(this.nextId++);
    const record: CallRecord = {
      id,
      properties: { ...properties, hs_createdate: new Date(now).toISOString(), hs_lastmodifieddate: new Date(now).toISOString(), hs_object_id: id },
      createdAt: now,
      updatedAt: now,
      contactIds: [...new Set(contactIds)],
    };
    this.calls.set(id, record);
    for (const contactId of record.contactIds) {
      const ids = this.byContact.get(contactId);
      if (ids) ids.push(id);
      else this.byContact.set(contactId, [id]);
    }
    this.created += 1;
    return record;
  }

  read(id: string): CallRecord | undefined {
    return this.calls.get(id);
  }

  idsForContact(contactId: string): string[] {
    return [...(this.byContact.get(contactId) ?? [])];
  }
}
