/** Calls live in a separate id range so a call id is never mistaken for a contact id. */
const FIRST_CALL_ID = 30_000_000_001;

export type CallRecord = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  contactIds: string[];
};

/** Calls logged through `POST /crm/v3/objects/calls`, with the contacts each is associated with. */
export class CallStore {
  private readonly calls = new Map<string, CallRecord>();
  private nextId = FIRST_CALL_ID;

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
    return record;
  }

  read(id: string): CallRecord | undefined {
    return this.calls.get(id);
  }

  idsForContact(contactId: string): string[] {
    const ids: string[] = [];
    for (const call of this.calls.values()) if (call.contactIds.includes(contactId)) ids.push(call.id);
    return ids;
  }
}
