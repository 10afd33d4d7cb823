import { Badge, Tooltip } from '@mantine/core';
import type { TCrmConnection, TWebhookHealth } from '@voiceagent/shared';
import { useNow } from '../../../hooks/use-now';

const LOOK: Record<TWebhookHealth['status'], { label: string; color: string }> = {
  healthy: { label: 'Real-time', color: 'teal' },
  degraded: { label: 'Real-time degraded', color: 'orange' },
  off: { label: 'Real-time off', color: 'gray' },
};

type WebhookHealthBadgeProps = { health: TWebhookHealth; pollPause?: TCrmConnection['changePollPause'] };

/**
 * Whether the CRM's changes reach us within seconds, with what the server knows in the tooltip:
 * pushed ones (webhooks), or, for a CRM that pushes nothing, its change check — paused while the
 * CRM's API allowance is down to the reserve.
 */
export function WebhookHealthBadge({ health, pollPause }: WebhookHealthBadgeProps) {
  const now = useNow().getTime();
  const look = pollPause ? { label: 'Real-time paused', color: 'orange' } : LOOK[health.status];
  const text = pollPause ? describePollPause(pollPause, now) : describe(health, now);
  return (
    <Tooltip label={text} multiline w={280} withArrow>
      <Badge color={look.color} variant="light" size="sm" aria-label={`${look.label}: ${text}`}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

function describePollPause(pause: NonNullable<TCrmConnection['changePollPause']>, now: number): string {
  const reason = pause.message.trim() === '' ? 'The CRM has no API allowance to spare for checking changes now' : pause.message.trim().replace(/[.!?]$/, '');
  return `${reason}. Checks for changes paused ${formatAgo(now - Date.parse(pause.since))}; they resume by themselves.`;
}

function describe(health: TWebhookHealth, now: number): string {
  if (health.status === 'off') return 'No change has been pushed by this CRM yet: changes arrive with the scheduled sync.';
  const last = health.lastEventAt ? `Last change pushed ${formatAgo(now - Date.parse(health.lastEventAt))}` : 'No change pushed yet';
  const lag = health.lagMs === null ? '' : `, applied ${formatLag(health.lagMs)} after it arrived`;
  if (health.status === 'degraded') return `${last}${lag}. The scheduled sync found changes the CRM did not push, so it runs at its usual interval.`;
  return `${last}${lag}. Changes in the CRM show here within seconds.`;
}

function formatAgo(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

function formatLag(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
