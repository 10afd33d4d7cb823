import type { ZohoDataCentre } from './types';

/**
 * Each data centre gets its own accounts and API origin under one listener:
 * `{base}/dc/{location}/accounts` stands for accounts.zoho.{domain} and `{base}/dc/{location}/api`
 * for www.zohoapis.{domain}. Clients must use the URLs the OAuth flow hands them, as with Zoho.
 */
export const DEFAULT_DATA_CENTRES: ZohoDataCentre[] = [
  { location: 'us', domain: 'com', name: 'United States' },
  { location: 'eu', domain: 'eu', name: 'Europe' },
];

export function dataCentrePath(location: string): string {
  return `/dc/${encodeURIComponent(location)}`;
}

export function accountsServerUrl(baseUrl: string, location: string): string {
  return `${baseUrl}${dataCentrePath(location)}/accounts`;
}

export function apiDomainUrl(baseUrl: string, location: string): string {
  return `${baseUrl}${dataCentrePath(location)}/api`;
}
