import type { AppConfig } from '../../config';

/**
 * MERGE NOTE: the one reader of PUBLIC_WEBHOOK_BASE_URL on the Zoho side. The HubSpot receiver's
 * branch adds the same variable; at merge keep one config key and let this read it.
 * Undefined means the backend's own public URL (BACKEND_URL, or the resolved port in tests),
 * as the OAuth redirect URI is built.
 */
export function publicWebhookBaseUrlOf(config: Pick<AppConfig, 'publicWebhookBaseUrl' | 'backendUrl'>): string {
  return config.publicWebhookBaseUrl ?? config.backendUrl;
}

/** Where Zoho posts a channel's notifications. */
export function zohoNotifyUrlOf(config: Pick<AppConfig, 'publicWebhookBaseUrl' | 'backendUrl'>): string {
  return `${publicWebhookBaseUrlOf(config)}/api/v1/crm/zoho/notifications`;
}
