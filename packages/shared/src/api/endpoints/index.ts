import type { Endpoint } from '../endpoint';
import * as agents from './agents';
import * as analytics from './analytics';
import * as audit from './audit';
import * as bulk from './bulk';
import * as callQueue from './call-queue';
import * as campaigns from './campaigns';
import * as contacts from './contacts';
import * as crm from './crm';
import * as events from './events';
import * as csvExports from './exports';
import * as fields from './fields';
import * as imports from './imports';
import * as platform from './platform';
import * as segments from './segments';
import * as sync from './sync';
import * as webhooks from './webhooks';
import * as zohoNotifications from './zoho-notifications';

/**
 * Every operation of the API, by operationId; each file under endpoints/ exports endpoints only.
 * The server mounts each one, the OpenAPI document is generated from them, and the web app calls
 * them by value (`api.call(endpoints.getAgent, …)`).
 */
export const endpoints = { ...platform, ...crm, ...fields, ...sync, ...webhooks, ...zohoNotifications, ...contacts, ...segments, ...agents, ...campaigns, ...callQueue, ...csvExports, ...bulk, ...imports, ...audit, ...events, ...analytics } satisfies Record<string, Endpoint>;
export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/**
 * The endpoints in document order: the sections in tag order, each as a reader meets its
 * operations. Listed by hand because a module namespace (`import * as`) sorts its names; a test
 * checks that the list holds every endpoint once.
 */
export const ENDPOINT_LIST: readonly Endpoint[] = [
  platform.getHealth,
  platform.getReadiness,
  platform.getPublicConfig,
  platform.getOpenApiDocument,
  platform.getMe,
  analytics.getUserSettings,
  analytics.updateUserSettings,
  crm.listCrmCredentials,
  crm.startCrmAuthorization,
  crm.completeCrmAuthorization,
  crm.updateCrmSettings,
  crm.disconnectCrm,
  fields.listCrmFields,
  fields.refreshCrmFields,
  fields.getFieldMappings,
  fields.putFieldMappings,
  sync.startAllSyncs,
  sync.listSyncRuns,
  sync.getSyncRun,
  sync.startPlatformSync,
  webhooks.receiveHubSpotWebhooks,
  zohoNotifications.receiveZohoNotification,
  contacts.listContacts,
  contacts.queryContacts,
  contacts.listContactFilterFields,
  csvExports.exportContacts,
  csvExports.exportContactsByBody,
  contacts.getContact,
  contacts.createContact,
  contacts.createContacts,
  segments.createSegment,
  segments.listSegments,
  segments.getSegment,
  segments.updateSegment,
  segments.deleteSegment,
  segments.listSegmentContacts,
  csvExports.exportSegmentContacts,
  segments.importCrmList,
  segments.refreshSegment,
  segments.listCrmLists,
  agents.createAgent,
  agents.listAgents,
  agents.listPromptVariables,
  agents.previewAgentPrompt,
  agents.getAgent,
  agents.updateAgent,
  agents.listAgentContacts,
  campaigns.createCampaign,
  campaigns.listCampaigns,
  campaigns.getCampaign,
  callQueue.updateCampaign,
  callQueue.pauseCampaign,
  callQueue.resumeCampaign,
  callQueue.cancelCampaign,
  campaigns.getCampaignStats,
  campaigns.getCampaignContactContext,
  campaigns.postCampaignResults,
  campaigns.syncCampaignResults,
  callQueue.leaseCampaignContacts,
  callQueue.extendCampaignLease,
  callQueue.getCampaignQueue,
  callQueue.createSuppression,
  callQueue.listSuppressions,
  callQueue.deleteSuppression,
  csvExports.exportCampaignResults,
  bulk.createBulkUpdate,
  bulk.getBulkUpdate,
  bulk.cancelBulkUpdate,
  bulk.removeAgentContacts,
  bulk.createBulkDelete,
  bulk.getBulkDelete,
  bulk.cancelBulkDelete,
  imports.createImport,
  imports.getImport,
  imports.startImport,
  imports.cancelImport,
  imports.getImportReport,
  audit.listAuditEvents,
  events.createEventTicket,
  events.streamEvents,
  analytics.getContactAnalytics,
  analytics.getSyncAnalytics,
  analytics.getCampaignAnalytics,
  analytics.getWriteBackAnalytics,
];
