import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLiveEvents } from '../../lib/live-events';
import { createLiveEventApplier } from './apply-live-event';

/** The signed-in pages' one live stream, feeding the query cache. */
export function LiveEventsSubscription() {
  const queryClient = useQueryClient();
  const apply = useMemo(() => createLiveEventApplier(queryClient), [queryClient]);
  useLiveEvents(apply);
  return null;
}
