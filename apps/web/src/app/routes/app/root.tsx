import { Outlet } from 'react-router-dom';
import { AppLayout } from '../../../components/layouts/app-layout';
import { RequireAuth } from '../../../lib/auth-guards';
import { LiveEventsSubscription } from '../../live/live-events-subscription';

export function AppRoot() {
  return (
    <RequireAuth>
      <LiveEventsSubscription />
      <AppLayout>
        <Outlet />
      </AppLayout>
    </RequireAuth>
  );
}
