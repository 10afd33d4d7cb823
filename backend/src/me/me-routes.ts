import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { MeService } from './me-service';

/** GET /api/v1/me — who the token belongs to, as the database sees it under row-level security. */
export function mountMeRoutes(routes: EndpointRouters, service: MeService): void {
  mountEndpoint(routes, endpoints.getMe, ({ user }) => service.getMe(user));
  mountEndpoint(routes, endpoints.getUserSettings, ({ user }) => service.getSettings(user));
  mountEndpoint(routes, endpoints.updateUserSettings, ({ user, body }) => service.updateSettings(user, body));
}
