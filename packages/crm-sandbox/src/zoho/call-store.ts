import { makeId, parseIdOfKind } from './ids';

export type CallFields = {
  Subject: string;
  Call_Type: 'Outbound' | 'Inbound' | 'Missed';
  Call_Start_Time: number;
  Call_Duration: string | null;
  Call_Duration_In_Seconds: number | null;
  Who_Id: { name: string; id: string } | null;
  What_Id: { name: string | null; id: string } | null;
  $se_module: string | null;
  Description: string | null;
  Call_Purpose: string | null;
  Call_Result: string | null;
  Call_Agenda: string | null;
};

export type StoredCall = { id: string; fields: CallFields; createdAtMs: number; modifiedAtMs: number };

/** Calls logged through the API (the sandbox seeds none). */
export class CallStore {
  private readonly calls = new Map<number, StoredCall>();
  private nextSeq = 1;

  constructor(private readonly orgCode: number) {}

  insert(fields: CallFields, nowMs: number): StoredCall {
    const seq = this.nextSeq++;
    const at = Math.floor(nowMs / 1000) * 1000;
    const call: StoredCall = { id: makeId(this.orgCode, 'call', seq), fields, createdAtMs: at, modifiedAtMs: at };
    this.calls.set(seq, call);
    return call;
  }

  /** Calls inserted since the org was created, for tests and benchmarks to count. */
  get created(): number {
    return this.nextSeq - 1;
  }

  get(id: string): StoredCall | null {
    const seq = parseIdOfKind(this.orgCode, 'call', id);
    return seq === null ? null : (this.calls.get(seq) ?? null);
  }

  /** Newest first, as Zoho lists records by descending id by default. */
  list(): StoredCall[] {
    return [...this.calls.values()].reverse();
  }
}
