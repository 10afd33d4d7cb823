import { ApiUsage } from './api-usage';
import type { BulkJob } from './bulk-jobs';
import { makeId, podOf } from './ids';
import { ObjectStore } from './object-store';
import { OrgSchema } from './org-schema';
import type { ListView } from './list-views';
import type { QueryCursor } from './query-cursors';
import type { SObjectType } from './schema';
import { SeededPeopleTable } from './seeded-people-table';
import type { SeededOrgPlan } from './seeded-records';
import type { SalesforceOrgConfig } from './types';

export type SalesforceUser = { id: string; username: string; displayName: string; email: string; firstName: string; lastName: string };

/** One Salesforce org: its users, records, API allowance, open query cursors and bulk jobs. */
export type SalesforceOrg = {
  index: number;
  id: string;
  name: string;
  isSandbox: boolean;
  pod: string;
  users: SalesforceUser[];
  sessionTimeoutMs: number;
  /** Standard fields and the org's own custom fields. */
  schema: OrgSchema;
  stores: Record<SObjectType, ObjectStore>;
  people: SeededPeopleTable;
  usage: ApiUsage;
  cursors: Map<string, QueryCursor>;
  bulkJobs: Map<string, BulkJob>;
  bulkJobsToday: number;
  /** List views of Contact, by id. */
  listViews: Map<string, ListView>;
  /** The instance origin, known once it listens. */
  instanceUrl: string;
  /** The last SystemModstamp given out: stamps never go backwards. */
  lastStamp: number;
};

export type OrgDefaults = { sharedSeed: number; dailyApiLimit: number; sessionTimeoutSeconds: number; personCacheLimit: number };

export function createOrg(index: number, config: SalesforceOrgConfig, defaults: OrgDefaults, now: () => number): SalesforceOrg {
  const pod = podOf(index);
  const seed = config.seed ?? 101 + index;
  const contactCount = config.contactCount ?? 0;
  const leadCount = config.leadCount ?? 0;
  const domain = `${slug(config.name)}${config.isSandbox ? '--uat.sandbox' : ''}.example.com`;
  const users = (config.users ?? [{ firstName: 'Avery', lastName: 'Admin', email: `admin@${domain}` }]).map((user, i) => ({
    id: makeId('User', pod, i + 1),
    username: user.username ?? (config.isSandbox ? `${user.email}.uat` : user.email),
    displayName: `${user.firstName} ${user.lastName}`,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
  }));
  const people = new SeededPeopleTable({ accountSeed: seed, sharedSeed: defaults.sharedSeed }, contactCount, leadCount, defaults.personCacheLimit);
  const schema = new OrgSchema();
  const plan: SeededOrgPlan = { seed, pod, ownerId: users[0]!.id, people, schema };
  return {
    index,
    id: makeId('Organization', pod, 1),
    name: config.name,
    isSandbox: config.isSandbox ?? false,
    pod,
    users,
    sessionTimeoutMs: (config.sessionTimeoutSeconds ?? defaults.sessionTimeoutSeconds) * 1000,
    schema,
    stores: {
      Contact: new ObjectStore('Contact', pod, plan, contactCount),
      Lead: new ObjectStore('Lead', pod, plan, leadCount),
      Task: new ObjectStore('Task', pod, null, 0),
    },
    people,
    usage: new ApiUsage(config.dailyApiLimit ?? defaults.dailyApiLimit, now),
    cursors: new Map(),
    bulkJobs: new Map(),
    bulkJobsToday: 0,
    listViews: new Map(),
    instanceUrl: '',
    lastStamp: 0,
  };
}

/** A SystemModstamp for a change made now: never before the previous one. */
export function nextStamp(org: SalesforceOrg, nowMs: number): number {
  org.lastStamp = Math.max(org.lastStamp, nowMs);
  return org.lastStamp;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'org';
}
