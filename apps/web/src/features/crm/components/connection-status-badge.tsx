import { Badge } from '@mantine/core';

export type CardState = 'not_available' | 'not_connected' | 'connected' | 'syncing' | 'sync_paused' | 'needs_reauth' | 'error';

// White on these passes 4.5:1; Mantine's green and orange, even at shade 9, do not.
const BADGES = {
  not_available: { label: 'Not available', color: 'gray.8' },
  not_connected: { label: 'Not connected', color: 'gray.7' },
  connected: { label: 'Connected', color: '#1e6e31' },
  syncing: { label: 'Syncing', color: 'blue.8' },
  // A dark amber: waiting, not failing.
  sync_paused: { label: 'Sync paused', color: '#7a4d00' },
  needs_reauth: { label: 'Needs reconnect', color: '#a83c0a' },
  error: { label: 'Error', color: 'red.9' },
} as const satisfies Record<CardState, { label: string; color: string }>;

export function ConnectionStatusBadge({ state }: { state: CardState }) {
  const { label, color } = BADGES[state];
  return (
    <Badge variant="filled" color={color}>
      {label}
    </Badge>
  );
}
