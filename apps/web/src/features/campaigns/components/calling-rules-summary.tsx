import { List, Text } from '@mantine/core';
import { CALLING_DAYS, RETRY_OUTCOMES, type TCallingRules } from '@voiceagent/shared';
import { toDelayValue } from '../calling-rules-form';
import { DAY_LABELS, RETRY_OUTCOME_LABELS } from '../labels';

/** "Mon–Fri" for a run of days, else the days listed. */
export function formatDays(days: readonly string[]): string {
  const indexes = CALLING_DAYS.map((day, i) => (days.includes(day) ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === 7) return 'Every day';
  const isRun = indexes.length > 2 && indexes.every((value, i) => i === 0 || value === indexes[i - 1]! + 1);
  const labels = indexes.map((i) => DAY_LABELS[CALLING_DAYS[i]!]);
  return isRun ? `${labels[0]}–${labels.at(-1)}` : labels.join(', ');
}

function formatDelay(iso: string): string {
  const { amount, unit } = toDelayValue(iso);
  return `${amount} ${amount === '1' ? unit.slice(0, -1) : unit}`;
}

/** A campaign's calling rules in words. */
export function CallingRulesSummary({ rules }: { rules: TCallingRules }) {
  const { callingWindow, unknownTimeZone } = rules;
  return (
    <List size="sm" spacing={4} listStyleType="none" aria-label="Calling rules">
      <List.Item>
        <Text span fw={600}>Window:</Text> {formatDays(callingWindow.days)}, {callingWindow.start}–{callingWindow.end} in each contact’s time
      </List.Item>
      <List.Item>
        <Text span fw={600}>Attempts:</Text> at most {rules.maxAttempts} per contact
      </List.Item>
      <List.Item>
        <Text span fw={600}>Retries:</Text> {RETRY_OUTCOMES.map((outcome) => `${RETRY_OUTCOME_LABELS[outcome].toLowerCase()} after ${formatDelay(rules.retryAfter[outcome])}`).join(', ')}
      </List.Item>
      <List.Item>
        <Text span fw={600}>Dates:</Text> {rules.startsOn ? `from ${rules.startsOn}` : 'from now'}
        {rules.endsOn ? ` until ${rules.endsOn}` : ', no end date'}
        {rules.excludedDates.length > 0 ? `; not on ${rules.excludedDates.join(', ')}` : ''}
      </List.Item>
      <List.Item>
        <Text span fw={600}>Unknown time zone:</Text> {unknownTimeZone.mode === 'skip' ? 'skipped' : `called in ${unknownTimeZone.timeZone}`}
      </List.Item>
    </List>
  );
}
