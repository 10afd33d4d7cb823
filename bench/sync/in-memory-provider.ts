// A provider that serves pages from memory, for benchmarks of what the sync does after a page
// arrives: no HTTP, no sandbox, so what is measured is ours.
import type { ContactPage, CRMService, CrmContactRecord, ProviderSession } from '@voiceagent/backend/crm/crm-service';
import type { CrmRegistry } from '@voiceagent/backend/crm/registry';
import { generateAccountPerson } from '../../packages/crm-sandbox/src/common/seeded-people';

/** Seeded people as a CRM would hand them over; `extra(i)` adds provider properties to record i. */
export function generateRecords(count: number, extra: (index: number) => Record<string, unknown> = () => ({})): CrmContactRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const person = generateAccountPerson({ accountSeed: 1, sharedSeed: 42 }, i);
    return {
      externalId: String(4_000_000_000 + i),
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      mobilePhone: person.mobilePhone,
      company: person.company,
      jobTitle: person.jobTitle,
      lifecycleStage: 'lead',
      leadStatus: null,
      ownerId: '1001',
      country: person.country,
      rawProperties: { First_Name: person.firstName, Last_Name: person.lastName, Email: person.email, Phone: person.phone, Mobile: person.mobilePhone, ...extra(i) },
      crmCreatedAt: person.createdAt,
      crmUpdatedAt: person.updatedAt,
    };
  });
}

/** The records in pages of `size`, each naming the next by number. */
export function toPages(records: CrmContactRecord[], size: number): ContactPage[] {
  const pages: ContactPage[] = [];
  for (let i = 0; i < records.length; i += size) {
    const next = i + size < records.length ? { page: pages.length + 1 } : null;
    pages.push({ contacts: records.slice(i, i + size), deleted: [], nextCursor: next, estimatedTotal: records.length });
  }
  return pages;
}

/** A registry whose one (Zoho) provider serves `pages`, and a session it never looks at. */
export function inMemoryProvider(pages: ContactPage[]): { registry: CrmRegistry; session: ProviderSession } {
  const service = { platform: 'zoho', fetchContactsPage: async (_s: ProviderSession, request: { cursor: { page?: number } | null }) => pages[request.cursor?.page ?? 0]! } as unknown as CRMService;
  const registry: CrmRegistry = { get: () => service, configured: () => [service] };
  const session = { connection: {}, getAccessToken: async () => 't', refreshAccessToken: async () => 't' } as unknown as ProviderSession;
  return { registry, session };
}
