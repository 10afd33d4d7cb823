import { Alert, Button, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core';
import { SUPPRESSION_IMPORT_ROWS_MAX, type TSuppressionImportResult } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../lib/error-messages';
import { useImportSuppressions } from '../api/import-suppressions';

type ImportSuppressionsDialogProps = { isOpen: boolean; onClose: () => void };

const SHOWN_INVALID_ROWS = 10;

/** Uploads a CSV of numbers, then says what was added, what the list had, and which rows were not numbers. */
export function ImportSuppressionsDialog({ isOpen, onClose }: ImportSuppressionsDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useImportSuppressions();

  const close = () => {
    if (upload.isPending) return;
    setFile(null);
    setFileError(null);
    upload.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('Choose a CSV file');
      return;
    }
    upload.mutate(file);
  };

  return (
    <Modal opened={isOpen} onClose={close} title="Upload numbers to suppress" centered>
      {upload.data ? (
        <Stack gap="md">
          <ImportSummary result={upload.data} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Upload numbers to suppress">
          <Stack gap="md">
            {upload.error && (
              <Alert color="red" variant="light" title="Nothing was added" role="alert">
                {upload.error.message || describeError(upload.error)}
              </Alert>
            )}
            <Text size="sm">
              One number per row, or a header line with a “phone” column. Up to {SUPPRESSION_IMPORT_ROWS_MAX.toLocaleString('en')} rows.
            </Text>
            <FileInput
              label="CSV file"
              placeholder="Choose a file"
              accept=".csv,text/csv"
              withAsterisk
              clearable
              value={file}
              error={fileError}
              onChange={(next) => {
                setFile(next);
                setFileError(null);
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={upload.isPending}>
                Upload
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ImportSummary({ result }: { result: TSuppressionImportResult }) {
  const { added, alreadyPresent, invalid, invalidCount } = result;
  return (
    <Stack gap="xs" role="status">
      <Text fw={600}>
        {added.toLocaleString('en')} {added === 1 ? 'number' : 'numbers'} added, {alreadyPresent.toLocaleString('en')} already on the list.
      </Text>
      {invalidCount > 0 && (
        <Alert color="orange" variant="light" title={`${invalidCount.toLocaleString('en')} ${invalidCount === 1 ? 'row is' : 'rows are'} not a phone number`}>
          <List size="sm">
            {invalid.slice(0, SHOWN_INVALID_ROWS).map((cell) => (
              <List.Item key={cell.row}>
                Row {cell.row}: {cell.value === '' ? 'empty' : `“${cell.value}”`}
              </List.Item>
            ))}
          </List>
          {invalidCount > SHOWN_INVALID_ROWS && <Text size="sm">…and {(invalidCount - SHOWN_INVALID_ROWS).toLocaleString('en')} more.</Text>}
        </Alert>
      )}
    </Stack>
  );
}
