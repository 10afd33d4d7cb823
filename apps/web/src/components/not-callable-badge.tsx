import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import type { TContact } from '@voiceagent/shared';
import { NOT_CALLABLE_LABELS } from '../lib/not-callable-reasons';

/** Why a campaign would not call the contact, or nothing when it would. */
export function NotCallableBadge({ contact, w }: { contact: TContact; w?: number }) {
  const reason = contact.notCallableReason;
  if (!reason) return null;
  const { label, description } = NOT_CALLABLE_LABELS[reason];
  return (
    <Tooltip label={description} withArrow openDelay={200}>
      <Badge variant="outline" color={reason === 'invalid_number' ? 'gray.8' : 'red.9'} w={w} data-not-callable={reason} style={{ flex: '0 0 auto' }}>
        <span>{label}</span>
        <VisuallyHidden>: {description}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
