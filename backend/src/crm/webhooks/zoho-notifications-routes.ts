import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import type { ZohoNotificationsService } from './zoho-notifications-service';

/** POST /crm/zoho/notifications: public (Zoho carries no user token); the channel's token is the check. */
export function mountZohoNotificationsRoutes(routes: EndpointRouters, service: ZohoNotificationsService): void {
  mountEndpoint(routes, endpoints.receiveZohoNotification, ({ body }) => service.receive(body));
}
