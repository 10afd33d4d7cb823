import { useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router-dom';
import { FullPageLoader } from '../components/full-page-loader';
import { paths } from '../config/paths';
import { RouteError } from './routes/route-error';

// Each screen is its own chunk, loaded when first visited.
function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Outlet />,
      HydrateFallback: () => <FullPageLoader />,
      ErrorBoundary: RouteError,
      children: [
        {
          path: paths.auth.signIn.path,
          lazy: () => import('./routes/auth/sign-in').then((m) => ({ Component: m.SignInRoute })),
        },
        {
          path: paths.auth.signUp.path,
          lazy: () => import('./routes/auth/sign-up').then((m) => ({ Component: m.SignUpRoute })),
        },
        {
          path: paths.home.path,
          lazy: () => import('./routes/app/root').then((m) => ({ Component: m.AppRoot })),
          children: [
            { index: true, element: <Navigate to={paths.app.crm.getHref()} replace /> },
            {
              path: paths.app.crm.path,
              lazy: () => import('./routes/app/crm').then((m) => ({ Component: m.CrmRoute })),
            },
            {
              path: paths.app.agents.path,
              lazy: () => import('./routes/app/agents').then((m) => ({ Component: m.AgentsRoute })),
            },
            {
              path: paths.app.newAgent.path,
              lazy: () => import('./routes/app/agents-new').then((m) => ({ Component: m.NewAgentRoute })),
            },
            {
              path: paths.app.agent.path,
              lazy: () => import('./routes/app/agents-detail').then((m) => ({ Component: m.AgentRoute })),
            },
            {
              path: paths.app.segments.path,
              lazy: () => import('./routes/app/segments').then((m) => ({ Component: m.SegmentsRoute })),
            },
            {
              path: paths.app.suppressions.path,
              lazy: () => import('./routes/app/suppressions').then((m) => ({ Component: m.SuppressionsRoute })),
            },
            {
              path: paths.app.activity.path,
              lazy: () => import('./routes/app/activity').then((m) => ({ Component: m.ActivityRoute })),
            },
            {
              path: paths.app.campaigns.path,
              lazy: () => import('./routes/app/campaigns').then((m) => ({ Component: m.CampaignsRoute })),
            },
            {
              path: paths.app.analytics.path,
              lazy: () => import('./routes/app/analytics').then((m) => ({ Component: m.AnalyticsRoute })),
            },
            {
              path: paths.app.campaign.path,
              lazy: () => import('./routes/app/campaign').then((m) => ({ Component: m.CampaignRoute })),
            },
          ],
        },
        {
          path: '*',
          lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })),
        },
      ],
    },
  ]);
}

export function AppRouter() {
  const [router] = useState(createAppRouter);
  return <RouterProvider router={router} />;
}
