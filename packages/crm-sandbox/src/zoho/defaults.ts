import type { ZohoAccountConfig, ZohoAppConfig, ZohoEdition, ZohoLimits } from './types';

export const DEFAULT_LIMITS: ZohoLimits = {
  accessTokenTtlSeconds: 3600,
  grantCodeTtlSeconds: 120,
  refreshMintLimit: 10,
  refreshMintWindowSeconds: 600,
  refreshTokensPerUser: 20,
  accessTokensPerRefreshToken: 30,
  maxPerPage: 200,
  discretePagingLimit: 2000,
  pageTokenMaxRecords: 100_000,
  pageTokenTtlSeconds: 86_400,
  maxRecordsPerWrite: 100,
  maxFieldsPerRequest: 50,
  concurrencyByEdition: { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 },
  subConcurrencyLimit: 10,
  subConcurrencyRecordThreshold: 10,
  creditsPerDay: null,
  requestLogSize: 1000,
};

export const DEFAULT_EDITION: ZohoEdition = 'enterprise';

/** The app the backend registers by default; the CLI or tests override the redirect URIs. */
export const DEFAULT_APPS: ZohoAppConfig[] = [
  {
    clientId: '1000.VOICEAGENTSANDBOXCLIENT0000000000',
    clientSecret: 'voiceagent-sandbox-client-secret-0000000000',
    name: 'VoiceAgent CRM',
    redirectUris: ['http://localhost:4000/api/v1/crm/zoho/callback'],
  },
];

export const DEFAULT_ACCOUNTS: ZohoAccountConfig[] = [
  { name: 'Zylker Inc', dataCentre: 'us', contactCount: 1000, seed: 1 },
  { name: 'Zylker GmbH', dataCentre: 'eu', contactCount: 1000, seed: 2 },
];

/** Zones without daylight saving, so offsets stay fixed; 'in' shows Zoho's half-hour offsets. */
export const DEFAULT_TIME_ZONES: Record<string, { name: string; offsetMinutes: number }> = {
  us: { name: 'America/Phoenix', offsetMinutes: -420 },
  eu: { name: 'Atlantic/Reykjavik', offsetMinutes: 0 },
  in: { name: 'Asia/Kolkata', offsetMinutes: 330 },
};
