import type { TPlatform } from '@voiceagent/shared';

type Listener = (platform: TPlatform, runId: string) => void;

const listeners = new Set<Listener>();

/**
 * The live stream named a sync run. The connection cards follow every run they hear of here, as
 * well as those the connections name: on a loaded server a quick run can start and end before
 * the connections are read again, and its outcome must still be reported.
 */
export function announceSyncRun(platform: TPlatform, runId: string): void {
  for (const listener of listeners) listener(platform, runId);
}

/** Hears every run announced from now on; returns the way to stop. */
export function onSyncRunAnnounced(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
