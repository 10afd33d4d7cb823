// Every route of the app, in one place: `path` for the router, `getHref` for links.
const withRedirect = (path: string, redirectTo?: string | null) =>
  redirectTo ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;

export const paths = {
  home: {
    path: '/',
    getHref: () => '/',
  },
  auth: {
    signIn: {
      path: '/sign-in',
      getHref: (redirectTo?: string | null) => withRedirect('/sign-in', redirectTo),
    },
    signUp: {
      path: '/sign-up',
      getHref: (redirectTo?: string | null) => withRedirect('/sign-up', redirectTo),
    },
  },
  app: {
    crm: {
      path: '/crm',
      getHref: () => '/crm',
    },
    agents: {
      path: '/agents',
      getHref: () => '/agents',
    },
    newAgent: {
      path: '/agents/new',
      getHref: () => '/agents/new',
    },
    agent: {
      path: '/agents/:agentId',
      getHref: (agentId: string) => `/agents/${encodeURIComponent(agentId)}`,
    },
    segments: {
      path: '/segments',
      getHref: () => '/segments',
    },
    suppressions: {
      path: '/suppressions',
      getHref: () => '/suppressions',
    },
    activity: {
      path: '/activity',
      getHref: () => '/activity',
    },
    campaigns: {
      path: '/campaigns',
      getHref: () => '/campaigns',
    },
    analytics: {
      path: '/analytics',
      getHref: () => '/analytics',
    },
    campaign: {
      path: '/campaigns/:campaignId',
      getHref: (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}`,
    },
  },
} as const;
