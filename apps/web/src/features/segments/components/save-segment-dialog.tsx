import { Button, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { FormDialog } from '../../../components/form-dialog';
import { useDisclosure } from '@mantine/hooks';
import { CONTACT_SEARCH_MIN, PLATFORMS, type TContactListFilter, type TPlatform, type TSegment } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useCreateSegment } from '../api/create-segment';
import { toSegmentFieldErrors, validateSegmentFields, type SegmentFieldErrors, type SegmentFields } from '../segment-form';
import { SegmentFieldInputs } from './segment-fields';

type SaveSegmentDialogProps = {
  /** The contacts list's filters to save, as GET /crm/contacts takes them. */
  filter: TContactListFilter;
  onSaved?: (segment: TSegment) => void;
  /** The button that opens the dialog. */
  label?: string;
  /**
   * Also offer the list's simple filters (CRMs, search, callable) in the dialog, starting from
   * `filter`: for a segment made without the contacts screen. A filter tree in `filter` is kept.
   */
  canEditFilter?: boolean;
};

const EMPTY_FIELDS: SegmentFields = { name: '', description: '' };

/** "Save as segment": names the filter shown and saves it; the Segments screen then counts it live. */
export function SaveSegmentDialog({ filter, onSaved, label = 'Save as segment', canEditFilter = false }: SaveSegmentDialogProps) {
  const [isOpen, { open, close }] = useDisclosure(false);
  const [fields, setFields] = useState<SegmentFields>(EMPTY_FIELDS);
  const [errors, setErrors] = useState<SegmentFieldErrors>({});
  const [draft, setDraft] = useState<TContactListFilter>(filter);
  const create = useCreateSegment();

  const openDialog = () => {
    setFields(EMPTY_FIELDS);
    setErrors({});
    setDraft(filter);
    create.reset();
    open();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateSegmentFields(fields);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: fields.name.trim(), description: fields.description.trim(), filter: canEditFilter ? draft : filter },
      {
        onSuccess: (segment) => {
          close();
          onSaved?.(segment);
        },
        onError: (error) => setErrors(toSegmentFieldErrors(error)),
      },
    );
  };

  const hasFieldError = Object.keys(errors).length > 0;
  return (
    <>
      <Button variant="default" onClick={openDialog}>
        {label}
      </Button>
      <FormDialog
        title="Save as segment"
        isOpen={isOpen}
        onClose={close}
        onSubmit={submit}
        submitLabel="Save segment"
        isSubmitting={create.isPending}
        failure={create.isError && !hasFieldError ? { title: 'The segment was not saved', error: create.error } : null}
        size="lg"
      >
        <SegmentFieldInputs fields={fields} errors={errors} onChange={setFields} />
        {canEditFilter ? <SimpleFilterInputs filter={draft} onChange={setDraft} /> : <FilterSummary filter={filter} />}
        <Text size="sm" c="gray.7">
          A segment saves the filter, not the contacts: it counts and lists whoever matches when it is opened.
        </Text>
      </FormDialog>
    </>
  );
}

/** The filters as words, so the person sees what they are saving. */
function FilterSummary({ filter }: { filter: TContactListFilter }) {
  const parts = describeFilter(filter);
  return (
    <Text size="sm">
      <Text span fw={600}>
        Filter:{' '}
      </Text>
      {parts.length > 0 ? parts.join(' · ') : 'every contact'}
    </Text>
  );
}

export function describeFilter(filter: TContactListFilter): string[] {
  const platforms = filter.platform === undefined ? [] : [filter.platform].flat();
  return [
    ...(platforms.length > 0 ? [platforms.map((platform) => PLATFORM_LABELS[platform]).join(', ')] : []),
    ...(filter.q !== undefined ? [`matching “${filter.q}”`] : []),
    ...(filter.callable === true ? ['callable'] : filter.callable === false ? ['not callable'] : []),
    ...(filter.objectType !== undefined ? [filter.objectType === 'lead' ? 'leads' : 'contacts only'] : []),
    ...(filter.where !== undefined ? ['with conditions'] : []),
  ];
}

/** The list's simple filters: which CRMs, a search, callable or not. */
function SimpleFilterInputs({ filter, onChange }: { filter: TContactListFilter; onChange: (filter: TContactListFilter) => void }) {
  const platforms = filter.platform === undefined ? [] : [filter.platform].flat();
  const [q, setQ] = useState(filter.q ?? '');
  const qError = q.trim() !== '' && q.trim().length < CONTACT_SEARCH_MIN ? `At least ${CONTACT_SEARCH_MIN} characters` : undefined;
  return (
    <Stack gap="sm">
      <MultiSelect
        label="CRMs"
        placeholder={platforms.length === 0 ? 'Every CRM' : undefined}
        data={PLATFORMS.map((platform) => ({ value: platform, label: PLATFORM_LABELS[platform] }))}
        value={platforms}
        onChange={(values) => onChange({ ...filter, platform: values.length > 0 ? (values as TPlatform[]) : undefined })}
      />
      <TextInput
        label="Search"
        description="Name, email, company, job title or phone"
        value={q}
        error={qError}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setQ(text);
          onChange({ ...filter, q: text.trim().length >= CONTACT_SEARCH_MIN ? text.trim() : undefined });
        }}
      />
      <Select
        label="Phone"
        data={[
          { value: 'any', label: 'Any contact' },
          { value: 'true', label: 'Callable only' },
          { value: 'false', label: 'Without a callable number' },
        ]}
        value={filter.callable === undefined ? 'any' : String(filter.callable)}
        allowDeselect={false}
        onChange={(value) => onChange({ ...filter, callable: value === 'true' ? true : value === 'false' ? false : undefined })}
      />
      {filter.where !== undefined && (
        <Text size="sm" c="gray.7">
          The conditions of the filter shown are kept as well.
        </Text>
      )}
    </Stack>
  );
}
