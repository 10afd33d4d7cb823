import type { TPlatform } from '@voiceagent/shared';
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onSyncRunAnnounced } from '../announced-sync-runs';

type WatchedSyncRuns = {
  /** The run each card follows, by platform, until the page has seen it end. */
  runs: Partial<Record<TPlatform, string>>;
  /** Follows a run, once: a run already followed (and perhaps seen to end) is not taken up again. */
  watch: (platform: TPlatform, runId: string) => void;
  unwatch: (platform: TPlatform, runId: string) => void;
};

const WatchedSyncRunsContext = createContext<WatchedSyncRuns | null>(null);

/**
 * A sync is followed from its run id, not only through the connection's `activeSyncRunId`: a
 * quick run can end before the connections are read again, and its outcome must still be
 * reported. Runs are taken up from three places: the Sync buttons (the id they started), the
 * connections (a run started elsewhere) and the live stream (one that ended before the
 * connections ever named it). Each run once: after its end was seen, the connections may still
 * name it for a moment and the stream may still speak of it.
 */
export function WatchedSyncRunsProvider({ children }: { children: ReactNode }) {
  const [runs, setRuns] = useState<WatchedSyncRuns['runs']>({});
  const followed = useRef(new Set<string>());
  const watch = useCallback((platform: TPlatform, runId: string) => {
    if (followed.current.has(runId)) return;
    followed.current.add(runId);
    setRuns((current) => ({ ...current, [platform]: runId }));
  }, []);
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
  useEffect(() => onSyncRunAnnounced(watch), [watch]);
  const value = useMemo(() => ({ runs, watch, unwatch }), [runs, watch, unwatch]);
  return <WatchedSyncRunsContext value={value}>{children}</WatchedSyncRunsContext>;
}

export function useWatchedSyncRuns(): WatchedSyncRuns {
  const value = use(WatchedSyncRunsContext);
  if (!value) throw new Error('useWatchedSyncRuns must be used inside <WatchedSyncRunsProvider>');
  return value;
}
