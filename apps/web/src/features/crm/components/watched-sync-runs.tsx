import type { TPlatform } from '@voiceagent/shared';
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';

type WatchedSyncRuns = {
  /** Runs started from this page, by platform, until the page has seen them end. */
  runs: Partial<Record<TPlatform, string>>;
  watch: (platform: TPlatform, runId: string) => void;
  unwatch: (platform: TPlatform, runId: string) => void;
};

const WatchedSyncRunsContext = createContext<WatchedSyncRuns | null>(null);

/**
 * A sync started here is followed from its run id, not only through the connection's
 * `activeSyncRunId`: a quick incremental run can end before the connections are read again,
 * and its outcome must still be reported.
 */
export function WatchedSyncRunsProvider({ children }: { children: ReactNode }) {
  const [runs, setRuns] = useState<WatchedSyncRuns['runs']>({});
  const watch = useCallback((platform: TPlatform, runId: string) => setRuns((current) => ({ ...current, [platform]: runId })), []);
  const unwatch = useCallback(
    (platform: TPlatform, runId: string) =>
      setRuns((current) => {
        if (current[platform] !== runId) return current;
        const next = { ...current };
        delete next[platform];
        return next;
      }),
    [],
  );
  const value = useMemo(() => ({ runs, watch, unwatch }), [runs, watch, unwatch]);
  return <WatchedSyncRunsContext value={value}>{children}</WatchedSyncRunsContext>;
}

export function useWatchedSyncRuns(): WatchedSyncRuns {
  const value = use(WatchedSyncRunsContext);
  if (!value) throw new Error('useWatchedSyncRuns must be used inside <WatchedSyncRunsProvider>');
  return value;
}
