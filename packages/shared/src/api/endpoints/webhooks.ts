import { ZHubSpotWebhookBody, ZHubSpotWebhookHeaders, ZWebhookReceipt } from '../../webhooks';
import { defineEndpoint } from '../endpoint';

export const receiveHubSpotWebhooks = defineEndpoint({
  operationId: 'receiveHubSpotWebhooks',
  method: 'post',
  path: '/api/v1/crm/hubspot/webhooks',
  tag: 'sync',
  summary: 'HubSpot’s webhook deliveries: contact changes pushed by the CRM (real-time sync)',
  description:
    'Called by HubSpot, not by users: the HubSpot app’s webhook target URL is PUBLIC_WEBHOOK_BASE_URL + this path. ' +
    'Every delivery must carry signature v3 (base64 HMAC-SHA256 under the app’s client secret of method, full URL, body ' +
    'and X-HubSpot-Request-Timestamp) no older than 5 minutes, else 401. Up to 100 events, each stored once per connection ' +
    'of its portal (deduplicated by eventId) and applied within seconds by a job per connection; events of portals with ' +
    'no connection here are acknowledged and dropped. 503 when the events cannot be stored: HubSpot delivers them again.',
  auth: 'public',
  request: { headers: ZHubSpotWebhookHeaders, body: ZHubSpotWebhookBody },
  response: { status: 200, description: 'Accepted: the events are stored (or were already), nothing is lost from here on', schema: ZWebhookReceipt },
  errors: ['unauthorized', 'validation_failed', 'invalid_json', 'crm_not_configured', 'service_unavailable'],
});
