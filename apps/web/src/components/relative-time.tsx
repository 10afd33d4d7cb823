import { useNow } from '../hooks/use-now';
import { formatRelativeTime } from '../lib/format-relative-time';

const exactFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** "5 minutes ago", with the exact time on hover and in the markup. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={exactFormat.format(date)}>
      {formatRelativeTime(date, now)}
    </time>
  );
}
