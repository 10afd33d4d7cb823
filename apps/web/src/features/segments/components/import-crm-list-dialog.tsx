import { Alert, Button, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { PLATFORMS, SEGMENT_NAME_MAX, ZPlatform, type TCrmList, type TPlatform, type TSegment } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { useCrmLists } from '../api/get-crm-lists';
import { useImportCrmList } from '../api/import-crm-list';

type ImportCrmListDialogProps = { onImported?: (segment: TSegment) => void };

const KIND_LABELS = { hubspot: 'list', zoho: 'custom view', salesforce: 'list view' } as const satisfies Record<TPlatform, string>;

/** "Import a CRM list": pick a CRM, pick one of its lists, import it as a segment that follows the CRM. */
export function ImportCrmListDialog({ onImported }: ImportCrmListDialogProps) {
  const [isOpen, { open, close }] = useDisclosure(false);
  const [platform, setPlatform] = useState<TPlatform | null>(null);
  const [listId, setListId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const lists = useCrmLists(isOpen ? platform : null);
  const importList = useImportCrmList();

  const openDialog = () => {
    setPlatform(null);
    setListId(null);
    setName('');
    importList.reset();
    open();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!platform || !listId) return;
    const trimmed = name.trim();
    importList.mutate(
      { platform, listId, ...(trimmed ? { name: trimmed } : {}) },
      {
        onSuccess: (segment) => {
          close();
          onImported?.(segment);
        },
      },
    );
  };

  const kind = platform ? KIND_LABELS[platform] : 'list';
  return (
    <>
      <Button variant="default" onClick={openDialog}>
        Import a CRM list
      </Button>
      <Modal opened={isOpen} onClose={close} title="Import a CRM list" centered>
        <form onSubmit={submit} noValidate aria-label="Import a CRM list">
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              The segment keeps the list&apos;s members and follows the CRM: they are read again after every sync.
            </Text>
            {importList.isError && (
              <Alert color="red" variant="light" title="The list was not imported" role="alert">
                {describeError(importList.error)}
              </Alert>
            )}
            <Select
              label="CRM"
              placeholder="Pick a CRM"
              data={PLATFORMS.map((value) => ({ value, label: PLATFORM_LABELS[value] }))}
              value={platform}
              onChange={(value) => {
                const parsed = ZPlatform.safeParse(value);
                setPlatform(parsed.success ? parsed.data : null);
                setListId(null);
              }}
              allowDeselect={false}
            />
            {platform && lists.isPending && (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm">Reading the {kind}s of {PLATFORM_LABELS[platform]}…</Text>
              </Group>
            )}
            {platform && lists.isError && (
              <Alert color="orange" variant="light" title={`Could not read the ${kind}s of ${PLATFORM_LABELS[platform]}`} role="alert">
                {describeError(lists.error)}
              </Alert>
            )}
            {platform && lists.isSuccess && (
              <Select
                label={`${PLATFORM_LABELS[platform]} ${kind}`}
                placeholder={lists.data.items.length === 0 ? `No ${kind}s in ${PLATFORM_LABELS[platform]}` : `Pick a ${kind}`}
                data={lists.data.items.map((list) => ({ value: list.id, label: describeList(list) }))}
                value={listId}
                onChange={setListId}
                searchable
                nothingFoundMessage={`No ${kind} by that name`}
                disabled={lists.data.items.length === 0}
              />
            )}
            <TextInput
              label="Segment name"
              description="Leave empty to use the list's own name"
              value={name}
              maxLength={SEGMENT_NAME_MAX}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={importList.isPending} disabled={!platform || !listId}>
                Import
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function describeList(list: TCrmList): string {
  const kind = list.membership === 'static' ? 'static' : 'dynamic';
  return list.size === null ? `${list.name} (${kind})` : `${list.name} (${kind}, ${list.size} ${list.size === 1 ? 'member' : 'members'})`;
}
