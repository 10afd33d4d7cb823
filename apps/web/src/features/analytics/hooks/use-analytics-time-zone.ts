import { useEffect, useRef } from 'react';
import { useUpdateUserSettings, useUserSettings } from '../../../lib/user-settings';

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The zone the figures are bucketed in: the user's setting; the first time it is unset, the
 * browser's is saved as the setting (once), so other devices and the API see the same days.
 * Until the setting is read (or when it cannot be), the browser's zone is used.
 */
export function useAnalyticsTimeZone() {
  const settings = useUserSettings();
  const update = useUpdateUserSettings();
  const hasSavedDefault = useRef(false);
  const saved = settings.data?.timeZone ?? null;
  const { mutate } = update;

  useEffect(() => {
    if (settings.data && settings.data.timeZone === null && !hasSavedDefault.current) {
      hasSavedDefault.current = true;
      mutate({ timeZone: browserTimeZone() });
    }
  }, [settings.data, mutate]);

  return {
    timeZone: saved ?? browserTimeZone(),
    /** The figures wait for the setting so they are not drawn twice in two zones. */
    isReady: !settings.isPending,
    setTimeZone: (timeZone: string) => mutate({ timeZone }),
    isSaving: update.isPending,
    saveError: update.error,
  };
}
