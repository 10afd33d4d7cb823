import type { ContactProperties } from './contact-properties';
import type { ContactRecord } from './contact-store';
import { createContactConflictError, createCrmError, createNotFoundError, createValidationError } from './errors';
import type { Portal } from './portal-registry';

/** The largest batch HubSpot's batch endpoints take. */
export const MAX_BATCH_INPUTS = 100;

export type BatchReadOutcome = { records: ContactRecord[]; missing: string[] };
export type UpsertOutcome = { record: ContactRecord; created: boolean };

/** Finds a live contact by id, or by email when `idProperty` is `email`. */
export async function resolveContactId(portal: Portal, id: string, idProperty: string | undefined): Promise<string | null> {
  if (idProperty === undefined || idProperty === 'hs_object_id') return portal.contacts.read(id)?.archived === false ? id : null;
  if (idProperty === 'email') return portal.contacts.findIdByEmail(id);
  throw createValidationError(`Property "${idProperty}" is not a unique identifier property. Use "email" or "hs_object_id".`);
}

export async function createContact(portal: Portal, properties: ContactProperties, now: number): Promise<ContactRecord> {
  await refuseTakenEmail(portal, properties.email, null);
  return portal.contacts.create(properties, now);
}

export async function updateContact(portal: Portal, id: string, properties: ContactProperties, now: number): Promise<ContactRecord> {
  const current = portal.contacts.read(id);
  if (current?.archived !== false) throw createNotFoundError();
  // Seeded data holds duplicate emails; keeping one's own email is never a conflict.
  if (properties.email?.toLowerCase() !== current.properties.email?.toLowerCase()) await refuseTakenEmail(portal, properties.email, id);
  return portal.contacts.update(id, properties, now)!;
}

export async function readContacts(portal: Portal, ids: string[], idProperty: string | undefined, archived: boolean): Promise<BatchReadOutcome> {
  const records: ContactRecord[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const resolved = archived && idProperty === undefined ? id : await resolveContactId(portal, id, idProperty);
    const record = resolved === null ? null : portal.contacts.read(resolved);
    if (record && record.archived === archived) records.push(record);
    else missing.push(id);
  }
  return { records, missing };
}

/**
 * Creates all or nothing: HubSpot refuses the whole batch with a 409 when any email is taken,
 * including by an earlier input of the same batch.
 */
export async function createContacts(portal: Portal, inputs: ContactProperties[], now: number): Promise<ContactRecord[]> {
  const seen = new Set<string>();
  for (const properties of inputs) {
    await refuseTakenEmail(portal, properties.email, null);
    const email = properties.email?.toLowerCase();
    if (email && seen.has(email)) throw createCrmError(409, 'CONFLICT', `Duplicate email found in batch input: ${email}`);
    if (email) seen.add(email);
  }
  return inputs.map((properties) => portal.contacts.create(properties, now));
}

export async function updateContacts(
  portal: Portal,
  inputs: { id: string; idProperty?: string; properties: ContactProperties }[],
  now: number,
): Promise<BatchReadOutcome> {
  const records: ContactRecord[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const id = await resolveContactId(portal, input.id, input.idProperty);
    if (id === null) missing.push(input.id);
    else records.push(await updateContact(portal, id, input.properties, now));
  }
  return { records, missing };
}

/** Updates contacts found by id or email and creates the rest (only email can create: an unknown object id cannot). */
export async function upsertContacts(
  portal: Portal,
  inputs: { id: string; idProperty?: string; properties: ContactProperties }[],
  now: number,
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = [];
  for (const input of inputs) {
    const id = await resolveContactId(portal, input.id, input.idProperty);
    if (id !== null) outcomes.push({ record: await updateContact(portal, id, input.properties, now), created: false });
    else if (input.idProperty === 'email') outcomes.push({ record: await createContact(portal, { ...input.properties, email: input.id }, now), created: true });
    else throw createNotFoundError();
  }
  return outcomes;
}

async function refuseTakenEmail(portal: Portal, email: string | null | undefined, ownId: string | null): Promise<void> {
  if (!email) return;
  const existing = await portal.contacts.findIdByEmail(email);
  if (existing !== null && existing !== ownId) throw createContactConflictError(existing);
}
