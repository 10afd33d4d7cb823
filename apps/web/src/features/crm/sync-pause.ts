import type { TCrmConnection } from '@voiceagent/shared';

/** `code` is the server's reason (provider_quota_exhausted), so a card does not repeat it as an error. */
export type SyncPauseNotice = { title: string; message: string; code: string };

type FormatOptions = { locale?: string; timeZone?: string };

const asSentence = (text: string) => {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

function isSameLocalDay(a: Date, b: Date, { locale, timeZone }: FormatOptions): boolean {
  const day = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  return day.format(a) === day.format(b);
}

/** "14:05" (or "2:05 PM") in the person's own zone; with the day when it is not today. */
export function formatPauseEnd(until: Date, now: Date, options: FormatOptions = {}): string {
  const { locale, timeZone } = options;
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone };
  if (isSameLocalDay(until, now, options)) return new Intl.DateTimeFormat(locale, time).format(until);
  return new Intl.DateTimeFormat(locale, { ...time, weekday: 'short', day: 'numeric', month: 'short' }).format(until);
}

/**
 * What a card says while its connection's syncs wait for the CRM's API allowance: the end in
 * local time, and why in the server's words. Null when not paused, or once the pause has run out
 * (the server resumes on its own; its answer may lag a little).
 */
export function describeSyncPause(pause: TCrmConnection['syncPause'], now: Date, options: FormatOptions = {}): SyncPauseNotice | null {
  if (!pause) return null;
  const until = new Date(pause.until);
  if (Number.isNaN(until.getTime()) || until <= now) return null;
  const reason = asSentence(pause.message) || 'The CRM has no API allowance left for syncing now.';
  return {
    title: `Sync paused until ${formatPauseEnd(until, now, options)}`,
    message: `${reason} Syncing resumes by itself then; the contacts already synced stay available.`,
    code: pause.code,
  };
}
