import type { TContact } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import type { ContactsFilter } from './api/get-contacts';
import {
  countSelection,
  deselectContacts,
  EMPTY_SELECTION,
  findSelectionProblem,
  isContactSelected,
  removeMatching,
  selectAllMatching,
  selectContacts,
  toggleContact,
  toSelectionRequest,
  unpickContact,
} from './contact-selection';

let counter = 0;
function contact(overrides: Partial<TContact> = {}): TContact {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    platform: 'hubspot',
    objectType: 'contact',
    externalId: `ext-${counter}`,
    firstName: 'Ada',
    lastName: `Person ${counter}`,
    fullName: `Ada Person ${counter}`,
    email: null,
    phone: null,
    phoneE164: '+14155550101',
    mobilePhone: null,
    mobilePhoneE164: null,
    isCallable: true,
    notCallableReason: null,
    company: null,
    jobTitle: null,
    lifecycleStage: null,
    leadStatus: null,
    crmUpdatedAt: null,
    deletedAt: null,
    duplicateGroup: null,
    standardFields: { timeZone: null, preferredLanguage: null, doNotCall: null, callConsent: null, preferredCallTime: null, accountOwner: null },
    customFields: {},
    fieldIssues: {},
    ...overrides,
  };
}

const everyone: ContactsFilter = { platform: null, q: null, objectType: null, where: null };
const adaSearch: ContactsFilter = { platform: null, q: 'ada', objectType: null, where: null };
const zohoBob: ContactsFilter = { platform: 'zoho', q: 'bob', objectType: null, where: null };
const hubspotAll: ContactsFilter = { platform: 'hubspot', q: null, objectType: null, where: null };
const salesforceLeads: ContactsFilter = { platform: 'salesforce', q: null, objectType: 'lead', where: null };
const counts = (total: number, isEstimate = false) => ({ byPlatform: {}, total, isEstimate });

describe('contact selection', () => {
  it('keeps picks across searches, and never picks a contact without a callable number', () => {
    const ada = contact();
    const bob = contact({ platform: 'zoho' });
    const nophone = contact({ isCallable: false, phoneE164: null });

    let selection = toggleContact(EMPTY_SELECTION, ada, adaSearch);
    selection = toggleContact(selection, bob, zohoBob);
    selection = toggleContact(selection, nophone, zohoBob);

    expect(isContactSelected(selection, ada, everyone)).toBe(true);
    expect(isContactSelected(selection, nophone, zohoBob)).toBe(false);
    expect(toSelectionRequest(selection)).toEqual({ contactIds: [ada.id, bob.id] });
    expect(countSelection(selection)).toEqual({ picked: 2, matching: 0, total: 2, isExact: true });
  });

  it('selects and clears the loaded page, skipping the uncallable', () => {
    const page = [contact(), contact({ isCallable: false }), contact()];

    const selected = selectContacts(EMPTY_SELECTION, page, everyone);
    expect(selected.picked.size).toBe(2);
    expect(deselectContacts(selected, page, everyone).picked.size).toBe(0);
  });

  it('sends all matching as a callable filter, with the unticked as excludeIds and earlier picks as contactIds', () => {
    const earlier = contact({ platform: 'zoho' });
    const listed = [contact(), contact()];
    let selection = toggleContact(EMPTY_SELECTION, earlier, zohoBob);

    selection = selectAllMatching(selection, adaSearch, counts(40));
    expect(isContactSelected(selection, listed[0]!, adaSearch)).toBe(true);
    selection = toggleContact(selection, listed[0]!, adaSearch);

    expect(isContactSelected(selection, listed[0]!, adaSearch)).toBe(false);
    expect(toSelectionRequest(selection)).toEqual({
      contactIds: [earlier.id],
      filter: { q: 'ada', callable: true },
      excludeIds: [listed[0]!.id],
    });
    // The earlier pick may also match "ada": the sum is an upper bound.
    expect(countSelection(selection)).toEqual({ picked: 1, matching: 39, total: 40, isExact: false });
  });

  it('ticks an unticked contact of all matching again by no longer excluding it', () => {
    const listed = contact();
    let selection = selectAllMatching(EMPTY_SELECTION, hubspotAll, counts(3));
    selection = toggleContact(selection, listed, hubspotAll);
    selection = toggleContact(selection, listed, hubspotAll);

    expect(toSelectionRequest(selection)).toEqual({ filter: { platform: 'hubspot', callable: true }, excludeIds: [] });
    expect(countSelection(selection)).toEqual({ picked: 0, matching: 3, total: 3, isExact: true });
  });

  it('says the count is not exact when the server estimated it', () => {
    expect(countSelection(selectAllMatching(EMPTY_SELECTION, adaSearch, counts(12_000, true))).isExact).toBe(false);
  });

  it('drops all matching or one pick on request, and needs something selected', () => {
    const ada = contact();
    const selection = selectAllMatching(toggleContact(EMPTY_SELECTION, ada, everyone), adaSearch, counts(5));

    expect(toSelectionRequest(removeMatching(selection))).toEqual({ contactIds: [ada.id] });
    expect(toSelectionRequest(unpickContact(removeMatching(selection), ada.id))).toBeNull();
    expect(findSelectionProblem(EMPTY_SELECTION)).toMatch(/at least one/);
    expect(findSelectionProblem(selection)).toBeNull();
  });

  it('carries the object type of "all matching" to the server, so all matching leads never becomes everyone', () => {
    const lead = contact({ platform: 'salesforce', objectType: 'lead' });
    let selection = selectAllMatching(EMPTY_SELECTION, salesforceLeads, counts(7));
    selection = toggleContact(selection, lead, salesforceLeads);

    expect(toSelectionRequest(selection)).toEqual({
      filter: { platform: 'salesforce', objectType: 'lead', callable: true },
      excludeIds: [lead.id],
    });
  });

  it('treats the same search of another object type as another list, where all matching does not apply', () => {
    const lead = contact({ platform: 'salesforce', objectType: 'lead' });
    const selection = selectAllMatching(EMPTY_SELECTION, salesforceLeads, counts(7));
    const salesforceContacts: ContactsFilter = { ...salesforceLeads, objectType: 'contact' };

    expect(isContactSelected(selection, lead, salesforceLeads)).toBe(true);
    expect(isContactSelected(selection, lead, salesforceContacts)).toBe(false);
    // Picked one by one, a lead goes by its id whatever the filter.
    expect(toSelectionRequest(toggleContact(EMPTY_SELECTION, lead, salesforceContacts))).toEqual({ contactIds: [lead.id] });
  });

  it('sends the filter tree of "all matching" with it, and treats another tree as another list', () => {
    const customers: ContactsFilter = { ...everyone, where: { and: [{ field: 'lifecycleStage', operator: 'eq', value: 'customer' }] } };
    const leads: ContactsFilter = { ...everyone, where: { and: [{ field: 'lifecycleStage', operator: 'eq', value: 'lead' }] } };
    const listed = contact();
    const selection = selectAllMatching(EMPTY_SELECTION, customers, counts(4));

    expect(toSelectionRequest(selection)).toEqual({
      filter: { where: { and: [{ field: 'lifecycleStage', operator: 'eq', value: 'customer' }] }, callable: true },
      excludeIds: [],
    });
    expect(isContactSelected(selection, listed, { ...customers, where: structuredClone(customers.where) })).toBe(true);
    expect(isContactSelected(selection, listed, leads)).toBe(false);
  });
});
