import { ZZohoNotificationAck, ZZohoNotificationBody } from '../../zoho-notifications';
import { defineEndpoint } from '../endpoint';

export const receiveZohoNotification = defineEndpoint({
  operationId: 'receiveZohoNotification',
  method: 'post',
  path: '/api/v1/crm/zoho/notifications',
  tag: 'sync',
  summary: 'Zoho CRM’s notification of changed contacts (Watch API), stored for the sync to apply',
  description:
    'Called by Zoho, not by users: the channel id names the connection and the channel’s secret token must match. ' +
    'Each changed id is stored once (a redelivery is a no-op) and applied by a job moments later. An unknown channel ' +
    'or a wrong token is 401, without saying which; a channel that expired or whose connection is gone is acknowledged ' +
    'and dropped, so that Zoho stops; 503 while the database is unreachable.',
  auth: 'public',
  request: { body: ZZohoNotificationBody },
  response: { status: 200, description: 'Stored (or dropped)', schema: ZZohoNotificationAck },
  errors: ['unauthorized', 'service_unavailable'],
});
