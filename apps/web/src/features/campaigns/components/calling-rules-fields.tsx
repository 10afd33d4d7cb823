import { Chip, Group, NumberInput, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { CALLING_DAYS, CALLING_RULES_MAX_ATTEMPTS, RETRY_OUTCOMES, type TCallingDay, type TRetryOutcome } from '@voiceagent/shared';
import { DELAY_UNITS, type CallingRulesErrors, type CallingRulesFormValues, type DelayUnit } from '../calling-rules-form';
import { DAY_LABELS, RETRY_OUTCOME_LABELS } from '../labels';

type CallingRulesFieldsProps = {
  values: CallingRulesFormValues;
  errors: CallingRulesErrors;
  onChange: (values: CallingRulesFormValues) => void;
};

/** The calling rules' inputs, shared by the create form and the edit dialog. */
export function CallingRulesFields({ values, errors, onChange }: CallingRulesFieldsProps) {
  const set = <K extends keyof CallingRulesFormValues>(key: K, value: CallingRulesFormValues[K]) => onChange({ ...values, [key]: value });
  const setDelay = (outcome: TRetryOutcome, part: 'amount' | 'unit', value: string) =>
    set('retryAfter', { ...values.retryAfter, [outcome]: { ...values.retryAfter[outcome], [part]: value } });
  return (
    <Stack gap="md">
      <Stack gap={4} role="group" aria-labelledby="calling-days-label">
        <Text size="sm" fw={500} id="calling-days-label">
          Calling days, in each contact’s own time
        </Text>
        <Chip.Group multiple value={values.days} onChange={(days) => set('days', days as TCallingDay[])}>
          <Group gap={6}>
            {CALLING_DAYS.map((day) => (
              <Chip key={day} value={day} size="sm">
                {DAY_LABELS[day]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {errors.days && (
          <Text size="xs" c="red.8" role="alert">
            {errors.days}
          </Text>
        )}
      </Stack>
      <Group grow align="flex-start">
        <TextInput label="From" description="HH:MM" value={values.start} error={errors.start} onChange={(e) => set('start', e.currentTarget.value)} />
        <TextInput label="Until" description="HH:MM; 24:00 is the end of the day" value={values.end} error={errors.end} onChange={(e) => set('end', e.currentTarget.value)} />
      </Group>
      <NumberInput
        label="Attempts per contact"
        min={1}
        max={CALLING_RULES_MAX_ATTEMPTS}
        allowDecimal={false}
        value={values.maxAttempts}
        error={errors.maxAttempts}
        onChange={(value) => set('maxAttempts', String(value))}
        maw={200}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Try again after
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          {RETRY_OUTCOMES.map((outcome) => (
            <Group key={outcome} gap={6} wrap="nowrap" align="flex-start">
              <TextInput
                label={RETRY_OUTCOME_LABELS[outcome]}
                value={values.retryAfter[outcome].amount}
                error={errors[`retryAfter.${outcome}`]}
                onChange={(e) => setDelay(outcome, 'amount', e.currentTarget.value)}
                w={110}
                inputMode="numeric"
              />
              <Select
                label={`Unit for ${RETRY_OUTCOME_LABELS[outcome].toLowerCase()}`}
                styles={{ label: { opacity: 0 } }}
                data={DELAY_UNITS.map((unit) => ({ value: unit, label: unit }))}
                value={values.retryAfter[outcome].unit}
                onChange={(unit) => setDelay(outcome, 'unit', (unit ?? 'hours') as DelayUnit)}
                allowDeselect={false}
                w={110}
              />
            </Group>
          ))}
        </SimpleGrid>
      </Stack>
      <Group grow align="flex-start">
        <TextInput type="date" label="First day" description="Optional" value={values.startsOn} error={errors.startsOn} onChange={(e) => set('startsOn', e.currentTarget.value)} />
        <TextInput type="date" label="Last day" description="Optional" value={values.endsOn} error={errors.endsOn} onChange={(e) => set('endsOn', e.currentTarget.value)} />
      </Group>
      <TextInput
        label="Dates not to call"
        description="YYYY-MM-DD, separated by commas (holidays)"
        placeholder="2026-12-25, 2027-01-01"
        value={values.excludedDates}
        error={errors.excludedDates}
        onChange={(e) => set('excludedDates', e.currentTarget.value)}
      />
      <Radio.Group
        label="Contacts whose time zone is unknown"
        value={values.unknownMode}
        onChange={(mode) => set('unknownMode', mode as CallingRulesFormValues['unknownMode'])}
      >
        <Stack gap={6} mt={4}>
          <Radio value="skip" label="Skip them" />
          <Radio value="fallback" label="Call them in this time zone:" />
        </Stack>
      </Radio.Group>
      {values.unknownMode === 'fallback' && (
        <TextInput
          label="Fallback time zone"
          placeholder="America/New_York"
          value={values.fallbackTimeZone}
          error={errors.fallbackTimeZone}
          onChange={(e) => set('fallbackTimeZone', e.currentTarget.value)}
        />
      )}
    </Stack>
  );
}
