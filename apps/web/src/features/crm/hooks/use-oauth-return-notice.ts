import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readOAuthReturn, withoutOAuthReturn } from '../oauth-return-messages';

/**
 * After the provider sends the browser back to /crm?connected=… or ?error=…, shows what
 * happened once and takes the parameters out of the address, so a reload or a shared link
 * does not repeat it.
 */
export function useOAuthReturnNotice(): void {
  const [searchParams, setSearchParams] = useSearchParams();

  useEffect(() => {
    const cleaned = withoutOAuthReturn(searchParams);
    if (!cleaned) return;
    const notice = readOAuthReturn(searchParams);
    if (notice) {
      notifications.show({
        // A fixed id: React's development double effects must not show it twice.
        id: `oauth-return-${searchParams.toString()}`,
        color: notice.isSuccess ? 'green' : 'red',
        title: notice.title,
        message: notice.message,
        autoClose: notice.isSuccess ? 6_000 : 12_000,
      });
    }
    setSearchParams(cleaned, { replace: true });
  }, [searchParams, setSearchParams]);
}
