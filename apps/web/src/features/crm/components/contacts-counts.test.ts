import { describe, expect, it } from 'vitest';
import { formatContactCounts } from './contacts-counts';

describe('formatContactCounts', () => {
  it('gives the total and each platform', () => {
    expect(formatContactCounts({ total: 12_400, byPlatform: { hubspot: 7_000, zoho: 5_400 }, isEstimate: false }, { platforms: ['hubspot', 'zoho'] })).toBe(
      '12,400 contacts · HubSpot 7,000 · Zoho CRM 5,400',
    );
  });

  it('breaks the total down by all three CRMs, Salesforce included, in the platforms order', () => {
    const counts = { total: 9_000, byPlatform: { salesforce: 3_000, hubspot: 4_000, zoho: 2_000 }, isEstimate: false };
    expect(formatContactCounts(counts, { platforms: ['salesforce', 'zoho', 'hubspot'] })).toBe('9,000 contacts · HubSpot 4,000 · Zoho CRM 2,000 · Salesforce 3,000');
  });

  it('says "about" when the counts are estimates', () => {
    expect(formatContactCounts({ total: 20_000, byPlatform: { hubspot: 20_000 }, isEstimate: true }, { platforms: ['hubspot', 'zoho'] })).toBe('About 20,000 contacts');
  });

  it('leaves out platforms not connected, which the API counts as 0', () => {
    expect(formatContactCounts({ total: 5_100, byPlatform: { hubspot: 5_100, zoho: 0 }, isEstimate: false }, { platforms: ['hubspot'] })).toBe('5,100 contacts');
  });

  it('does not repeat a single platform, and counts one contact in the singular', () => {
    expect(formatContactCounts({ total: 1, byPlatform: { zoho: 1 }, isEstimate: false }, { platforms: ['hubspot', 'zoho'] })).toBe('1 contact');
  });

  it('names leads as leads under the Leads filter, and contacts under Contacts', () => {
    const counts = { total: 150, byPlatform: { salesforce: 150 }, isEstimate: false };
    expect(formatContactCounts(counts, { platforms: ['salesforce'], objectType: 'lead' })).toBe('150 leads');
    expect(formatContactCounts({ ...counts, total: 1, byPlatform: { salesforce: 1 } }, { platforms: ['salesforce'], objectType: 'lead' })).toBe('1 lead');
    expect(formatContactCounts(counts, { platforms: ['salesforce'], objectType: 'contact' })).toBe('150 contacts');
  });

  it('leaves the CRMs without leads out of a count of leads', () => {
    const counts = { total: 150, byPlatform: { hubspot: 0, zoho: 0, salesforce: 150 }, isEstimate: false };
    expect(formatContactCounts(counts, { platforms: ['hubspot', 'zoho', 'salesforce'], objectType: 'lead' })).toBe('150 leads');
    const contacts = { total: 700, byPlatform: { hubspot: 200, zoho: 200, salesforce: 300 }, isEstimate: false };
    expect(formatContactCounts(contacts, { platforms: ['hubspot', 'zoho', 'salesforce'], objectType: 'contact' })).toBe('700 contacts · HubSpot 200 · Zoho CRM 200 · Salesforce 300');
  });
});
