import { Outlet } from 'react-router-dom';
import { AppLayout } from '../../../components/layouts/app-layout';
import { RequireAuth } from '../../../lib/auth-guards';

export function AppRoot() {
  return (
    <RequireAuth>
      <AppLayout>
        <Outlet />
      </AppLayout>
    </RequireAuth>
  );
}
