import { Alert, Box, Button, Drawer, Group, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { STANDARD_CONTACT_FIELDS, type TContactObjectType, type TCrmField, type TCrmFieldCatalogue, type TFieldMappingsResponse, type TPlatform, type TStandardContactField } from '@voiceagent/shared';
import { useCallback, useMemo, useRef, useState } from 'react';
import { LoadError } from '../../../components/load-error';
import { RelativeTime } from '../../../components/relative-time';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { ApiError } from '../../../lib/api-client';
import { describeError } from '../../../lib/error-messages';
import { useCrmFields } from '../api/get-crm-fields';
import { useFieldMappings } from '../api/get-field-mappings';
import { usePutFieldMappings } from '../api/put-field-mappings';
import { useRefreshCrmFields } from '../api/refresh-crm-fields';
import {
  hasDraftErrors,
  isDraftChanged,
  placeServerIssues,
  standardSlot,
  suggestUniqueKey,
  toFieldRef,
  toMappingDraft,
  toMappingsBody,
  validateDraft,
  type DraftErrors,
  type FieldRef,
  type MappingDraft,
} from '../field-mapping';
import { describeBrokenCount, FIELD_OBJECT_LABELS } from '../field-labels';
import { FieldCatalogueList } from './field-catalogue-list';
import { StandardFieldSelects } from './standard-field-selects';
import { useWatchedSyncRuns } from './watched-sync-runs';

type FieldMappingDrawerProps = { platform: TPlatform; isOpen: boolean; onClose: () => void };

const NO_ERRORS: DraftErrors = { byRef: {}, bySlot: {}, general: null };

/** "Fields" on a connected card: which CRM fields to sync, under which keys, and which feed VoiceAgent's own fields. */
export function FieldMappingDrawer({ platform, isOpen, onClose }: FieldMappingDrawerProps) {
  const name = PLATFORM_LABELS[platform];
  return (
    <Drawer opened={isOpen} onClose={onClose} position="right" size="xl" title={`${name} fields`} styles={{ title: { fontSize: 'var(--mantine-h3-font-size)', fontWeight: 700 } }}>
      {isOpen && <FieldMappingContent platform={platform} onClose={onClose} />}
    </Drawer>
  );
}

function FieldMappingContent({ platform, onClose }: { platform: TPlatform; onClose: () => void }) {
  const catalogue = useCrmFields(platform);
  const mappings = useFieldMappings(platform);
  const refresh = useRefreshCrmFields(platform);
  const name = PLATFORM_LABELS[platform];

  const refreshButton = (
    <Button
      variant="default"
      size="xs"
      loading={refresh.isPending}
      onClick={() =>
        refresh.mutate(undefined, {
          onSuccess: () => notifications.show({ color: 'green', title: 'Fields read again', message: `The list now matches ${name}.` }),
        })
      }
    >
      Refresh from CRM
    </Button>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm" c="dimmed">
          {catalogue.data ? (
            <>
              Read from {name} <RelativeTime iso={catalogue.data.refreshedAt} />
            </>
          ) : (
            `The fields ${name} describes for its contacts.`
          )}
        </Text>
        {refreshButton}
      </Group>
      {refresh.isError && (
        <Alert color="red" variant="light" title={`Could not read the fields from ${name}`} role="alert">
          {describeError(refresh.error, { platform })}
        </Alert>
      )}
      {catalogue.isError && !catalogue.data ? (
        <LoadError title={`Could not load ${name}'s fields`} query={catalogue} />
      ) : mappings.isError && !mappings.data ? (
        <LoadError title="Could not load the field mapping" query={mappings} />
      ) : catalogue.data && mappings.data ? (
        <MappingForm platform={platform} catalogue={catalogue.data} saved={mappings.data} onClose={onClose} />
      ) : (
        <Stack gap="sm" role="status" aria-label={`Loading ${name}'s fields`}>
          <Skeleton height={36} />
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} height={48} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

type MappingFormProps = { platform: TPlatform; catalogue: TCrmFieldCatalogue; saved: TFieldMappingsResponse; onClose: () => void };

function MappingForm({ platform, catalogue, saved, onClose }: MappingFormProps) {
  const name = PLATFORM_LABELS[platform];
  // The draft starts from the mapping as it was when the screen opened; a refresh of the catalogue keeps edits.
  const [draft, setDraft] = useState<MappingDraft>(() => toMappingDraft(saved.mappings));
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const put = usePutFieldMappings(platform);
  const { watch } = useWatchedSyncRuns();
  const errorAlert = useRef<HTMLDivElement>(null);

  const savedByRef = useMemo(() => new Map(saved.mappings.filter((m) => m.target.kind === 'custom').map((m) => [toFieldRef({ objectType: m.objectType, name: m.field }), m])), [saved]);
  const broken = saved.mappings.filter((m) => m.status === 'broken');
  const usedByStandard = useMemo(() => {
    const used = new Map<FieldRef, string>();
    for (const [slot, field] of Object.entries(draft.standard)) {
      if (!field) continue;
      const [objectType, standard] = slot.split(':') as [TContactObjectType, TStandardContactField];
      used.set(toFieldRef({ objectType, name: field }), STANDARD_CONTACT_FIELDS[standard].label);
    }
    return used;
  }, [draft.standard]);
  const usedByCustom = useMemo(() => new Set(Object.keys(draft.custom) as FieldRef[]), [draft.custom]);

  const toggle = useCallback(
    (field: TCrmField, isSelected: boolean) => {
      const ref = toFieldRef(field);
      setDraft((current) => {
        const custom = { ...current.custom };
        if (!isSelected) delete custom[ref];
        else {
          // A field synced before (even under a mapping now broken) keeps its key, so prompts using it keep working.
          const earlier = saved.mappings.find((m) => m.target.kind === 'custom' && m.objectType === field.objectType && m.field === field.name);
          const taken = new Set(Object.entries(custom).flatMap(([r, key]) => (r.startsWith(`${field.objectType}:`) ? [key] : [])));
          custom[ref] = earlier?.target.kind === 'custom' && !taken.has(earlier.target.key) ? earlier.target.key : suggestUniqueKey(field.label || field.name, taken);
        }
        return { ...current, custom };
      });
      setErrors((current) => ({ ...current, byRef: { ...current.byRef, [ref]: undefined } }));
    },
    [saved],
  );

  const changeKey = useCallback((ref: FieldRef, key: string) => {
    setDraft((current) => ({ ...current, custom: { ...current.custom, [ref]: key } }));
    setErrors((current) => (current.byRef[ref] ? { ...current, byRef: { ...current.byRef, [ref]: undefined } } : current));
  }, []);

  const changeStandard = (objectType: TContactObjectType, field: TStandardContactField, value: string | null) => {
    const slot = standardSlot(objectType, field);
    setDraft((current) => ({ ...current, standard: { ...current.standard, [slot]: value ?? undefined } }));
    setErrors((current) => ({ ...current, bySlot: { ...current.bySlot, [slot]: undefined } }));
  };

  const isChanged = isDraftChanged(draft, saved.mappings);
  const hasRowErrors = [...Object.values(errors.byRef), ...Object.values(errors.bySlot)].some(Boolean);

  const save = () => {
    const found = validateDraft(draft, catalogue.fields);
    setErrors(found);
    if (hasDraftErrors(found)) return;
    const { mappings, rows } = toMappingsBody(draft);
    put.mutate(
      { mappings },
      {
        onSuccess: (result) => {
          if (result.backfill) watch(platform, result.backfill.runId);
          notifications.show({
            color: 'green',
            title: 'Field mapping saved',
            message: result.backfill ? `Backfilling the changed fields from ${name}; the card shows its progress.` : 'Nothing had changed, so nothing needs backfilling.',
          });
          onClose();
        },
        onError: (error) => {
          const issues = error instanceof ApiError && error.code === 'validation_failed' ? ((error.details as { issues?: Array<{ field: string; message: string }> } | undefined)?.issues ?? []) : [];
          if (issues.length > 0) setErrors(placeServerIssues(issues, rows));
          requestAnimationFrame(() => errorAlert.current?.focus());
        },
      },
    );
  };

  const failure = errors.general ?? (hasRowErrors ? 'Correct the fields marked above.' : put.isError ? describeError(put.error, { platform }) : null);

  return (
    <Stack gap="lg">
      {broken.length > 0 && (
        <Alert color="orange" variant="light" title={describeBrokenCount(broken.length)}>
          <Text size="sm">{name} no longer has these fields (deleted, or their API name changed). Syncs go on without them; saving removes them, and the backfill clears their values.</Text>
          <List size="sm" mt={6}>
            {broken.map((m) => (
              <List.Item key={`${m.objectType}:${m.field}`}>
                {m.label || m.field} <Text span ff="monospace" size="xs">({m.field})</Text>
                {m.target.kind === 'custom' ? ` → ${m.target.key}` : ` → ${STANDARD_CONTACT_FIELDS[m.target.field].label}`}
                {m.objectType === 'lead' ? ` (${FIELD_OBJECT_LABELS.lead})` : ''}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Stack gap="sm" component="section" aria-labelledby="voiceagent-fields-heading">
        <div>
          <Title order={3} size="h4" id="voiceagent-fields-heading">
            VoiceAgent fields
          </Title>
          <Text size="sm" c="dimmed">
            Calling rules and prompts read these under the same names whatever {name} calls them.
          </Text>
        </div>
        <StandardFieldSelects fields={catalogue.fields} standard={draft.standard} usedByCustom={usedByCustom} saved={saved.mappings} errors={errors.bySlot} onChange={changeStandard} />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="custom-fields-heading">
        <div>
          <Title order={3} size="h4" id="custom-fields-heading">
            Fields to sync
          </Title>
          <Text size="sm" c="dimmed">
            Each field chosen arrives with every sync as a custom field, shown in the contacts list and usable in prompts by its key.
          </Text>
        </div>
        <FieldCatalogueList fields={catalogue.fields} custom={draft.custom} usedByStandard={usedByStandard} saved={savedByRef} errors={errors.byRef} onToggle={toggle} onKeyChange={changeKey} />
      </Stack>
      <Box
        pos="sticky"
        bottom={0}
        py="sm"
        bg="var(--mantine-color-body)"
        style={{ borderTop: '1px solid var(--mantine-color-gray-3)', zIndex: 1 }}
      >
        <Stack gap="xs">
          {failure && (
            <Alert ref={errorAlert} tabIndex={-1} color="red" variant="light" role="alert" title="The mapping was not saved" py="xs">
              {failure}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {isChanged ? 'Saving starts a backfill of the changed fields.' : 'No changes yet.'}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button onClick={save} loading={put.isPending} disabled={!isChanged}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </Box>
    </Stack>
  );
}
