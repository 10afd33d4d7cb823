import { Alert, Text } from '@mantine/core';
import type { TCreateAgentResponse } from '@voiceagent/shared';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Right after creation: what was added, and what was left out and why. */
export function CreatedAgentNotice({ contacts }: { contacts: TCreateAgentResponse['contacts'] }) {
  const { added, skipped } = contacts;
  const reasons = [
    skipped.notCallable > 0 ? `${plural(skipped.notCallable, 'contact has', 'contacts have')} no valid phone number` : null,
    skipped.notFound > 0 ? `${plural(skipped.notFound, 'contact is', 'contacts are')} no longer in your CRM contacts` : null,
  ].filter((reason): reason is string => reason !== null);
  return (
    <Alert color="blue" variant="light" title="Agent created" role="status">
      <Text size="sm">
        It will call {plural(added, 'contact', 'contacts')}.
        {reasons.length > 0 && ` Left out: ${reasons.join('; ')}.`}
      </Text>
    </Alert>
  );
}
