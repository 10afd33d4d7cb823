import { endpoints } from '@voiceagent/shared';
import type { AppConfig } from '../../config';

/** Where Zoho posts a channel's notifications: PUBLIC_WEBHOOK_BASE_URL (default: the API's own URL) + the receiver's path. */
export function zohoNotifyUrlOf(config: Pick<AppConfig, 'webhooks'>): string {
  return `${config.webhooks.publicBaseUrl}${endpoints.receiveZohoNotification.path}`;
}
