import { useMutation } from '@tanstack/react-query';
import { endpoints, type TOAuthStartQuery, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';

export type StartCrmOAuthInput = {
  platform: TPlatform;
  /** Salesforce's login host; other platforms take no query (see login-host.ts). */
  query?: TOAuthStartQuery;
};

/**
 * The provider's consent page for a new OAuth state; the browser goes there next. The response
 * also sets the HttpOnly cookie that lets only this browser finish the flow: the API client calls
 * this origin, where fetch's default `credentials: 'same-origin'` stores it.
 */
export const startCrmOAuth = (api: ApiClient, { platform, query = {} }: StartCrmOAuthInput) =>
  api.call(endpoints.startCrmAuthorization, { params: { platform }, query: { loginHost: query.loginHost ?? null } });

export const useStartCrmOAuth = () => {
  const api = useApiClient();
  return useMutation({
    mutationFn: (input: StartCrmOAuthInput) => startCrmOAuth(api, input),
    // The page is left for the provider's; it comes back to /crm with ?connected= or ?error=.
    onSuccess: ({ url }) => window.location.assign(url),
  });
};
