import { Alert, Button, FileInput, Group, Modal, Progress, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { endpoints, IMPORT_ROWS_MAX, type TImport, type TImportMapping, type TPlatform } from '@voiceagent/shared';
import { useState } from 'react';
import { ExportCsvButton } from '../../../components/export-csv-button';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { useCancelImport } from '../api/cancel-import';
import { useCreateImport } from '../api/create-import';
import { useImport } from '../api/get-import';
import { useStartImport } from '../api/start-import';
import { checkMappingDraft, IMPORT_FIELD_OPTIONS, previewRow } from '../import-preview';

type ImportDialogProps = {
  /** The CRMs the user has connected: an import goes to one of them. */
  connected: TPlatform[];
  isOpen: boolean;
  onClose: () => void;
};

const STATUS_LABELS: Record<TImport['status'], string> = {
  mapping: 'Waiting for the mapping',
  queued: 'Queued',
  running: 'Creating contacts…',
  succeeded: 'Done',
  partially_failed: 'Done, with rows refused',
  failed: 'No contact was created',
  cancelled: 'Cancelled',
};

/**
 * CSV import: pick the CRM and a file (uploaded at once, never read whole here), map its columns
 * (guessed from the header) while a preview shows each row's problems, start, follow the progress
 * with a cancel, and download the report of the rows not created.
 */
export function ImportDialog({ connected, isOpen, onClose }: ImportDialogProps) {
  const [platform, setPlatform] = useState<TPlatform | null>(connected[0] ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [mapping, setMapping] = useState<TImportMapping | null>(null);
  const create = useCreateImport();
  const start = useStartImport();
  const cancel = useCancelImport();
  const current = useImport(importId);
  const job = current.data?.import ?? null;

  const close = () => {
    if (create.isPending) return;
    setImportId(null);
    setMapping(null);
    setFile(null);
    create.reset();
    start.reset();
    onClose();
  };

  const upload = async () => {
    if (!platform || !file) return;
    try {
      const answer = await create.mutateAsync({ platform, file });
      setImportId(answer.import.id);
      setMapping(answer.import.suggestedMapping);
    } catch {
      // Shown from create.error.
    }
  };

  const mappingProblem = mapping ? checkMappingDraft(mapping) : null;
  return (
    <Modal opened={isOpen} onClose={close} title="Import contacts from CSV" size="xl">
      {!job || !mapping ? (
        <Stack>
          <Select
            label="CRM"
            data={connected.map((value) => ({ value, label: PLATFORM_LABELS[value] }))}
            value={platform}
            onChange={(value) => setPlatform(value as TPlatform | null)}
            allowDeselect={false}
          />
          <FileInput
            label="CSV file"
            description={`UTF-8, comma- or semicolon-separated (Excel's "CSV UTF-8"), a header line, up to ${IMPORT_ROWS_MAX.toLocaleString()} rows`}
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            clearable
          />
          {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
          {connected.length === 0 && <Alert color="yellow">Connect a CRM first: the contacts are created there.</Alert>}
          <Group justify="flex-end">
            <Button onClick={() => void upload()} loading={create.isPending} disabled={!platform || !file}>
              Upload
            </Button>
          </Group>
        </Stack>
      ) : (
        <ImportSteps
          job={job}
          mapping={mapping}
          onMappingChange={setMapping}
          mappingProblem={mappingProblem}
          startError={start.error ? describeError(start.error) : null}
          cancelError={cancel.error ? describeError(cancel.error) : null}
          isStarting={start.isPending}
          isCancelling={cancel.isPending}
          onStart={() => start.mutate({ id: job.id, mapping })}
          onCancel={() => cancel.mutate(job.id)}
          onClose={close}
        />
      )}
    </Modal>
  );
}

type ImportStepsProps = {
  job: TImport;
  mapping: TImportMapping;
  onMappingChange: (mapping: TImportMapping) => void;
  mappingProblem: string | null;
  startError: string | null;
  cancelError: string | null;
  isStarting: boolean;
  isCancelling: boolean;
  onStart: () => void;
  onCancel: () => void;
  onClose: () => void;
};

function ImportSteps({ job, mapping, onMappingChange, mappingProblem, startError, cancelError, isStarting, isCancelling, onStart, onCancel, onClose }: ImportStepsProps) {
  const isMapping = job.status === 'mapping';
  const isEnded = job.finishedAt !== null;
  return (
    <Stack>
      <Text size="sm">
        {job.fileName}: {job.total.toLocaleString()} rows for {PLATFORM_LABELS[job.platform]} — {STATUS_LABELS[job.status]}
      </Text>
      {isMapping && (
        <>
          <ScrollArea>
            <Table striped withTableBorder aria-label="Column mapping and preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  {job.header.map((name, i) => (
                    <Table.Th key={i}>
                      <Stack gap={4}>
                        <Text size="xs" fw={700}>
                          {name}
                        </Text>
                        <Select
                          aria-label={`Field for column ${name}`}
                          size="xs"
                          placeholder="Not imported"
                          data={IMPORT_FIELD_OPTIONS}
                          value={mapping[i] ?? null}
                          clearable
                          onChange={(value) => onMappingChange(mapping.map((field, j) => (j === i ? (value as TImportMapping[number]) : field)))}
                        />
                      </Stack>
                    </Table.Th>
                  ))}
                  <Table.Th>Problems</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.preview.map((row) => {
                  const { issues } = previewRow(row, mapping);
                  return (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      {job.header.map((_name, i) => (
                        <Table.Td key={i}>{row.cells[i] ?? ''}</Table.Td>
                      ))}
                      {/* Shade 9: the lighter ones fall under 4.5:1 on the striped rows' grey. */}
                      <Table.Td>{issues.length === 0 ? <Text c="teal.9" size="sm">OK</Text> : <Text c="red.9" size="sm">{issues.join('; ')}</Text>}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          <Text size="xs" c="dimmed">
            Rows whose email (or phone) is already in the CRM, or appears in a row above, are skipped: importing the same file again creates nothing.
          </Text>
          {mappingProblem && <Alert color="yellow">{mappingProblem}</Alert>}
          {startError && <Alert color="red">{startError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} loading={isCancelling}>
              Discard upload
            </Button>
            <Button onClick={onStart} loading={isStarting} disabled={mappingProblem !== null}>
              Import {job.total.toLocaleString()} rows
            </Button>
          </Group>
        </>
      )}
      {!isMapping && (
        <>
          <Progress value={job.progress * 100} aria-label="Import progress" animated={!isEnded} />
          <Text size="sm">
            {job.created.toLocaleString()} created · {job.skipped.toLocaleString()} skipped · {job.failed.toLocaleString()} refused · {job.pending.toLocaleString()} to go
          </Text>
          {isEnded && job.resyncQueued && <Text size="xs" c="dimmed">The new contacts appear in the list once the sync queued for {PLATFORM_LABELS[job.platform]} has run.</Text>}
          {cancelError && <Alert color="red">{cancelError}</Alert>}
          <Group justify="flex-end">
            {!isEnded && (
              <Button variant="default" color="red" onClick={onCancel} loading={isCancelling} disabled={job.cancelRequestedAt !== null}>
                Cancel import
              </Button>
            )}
            {isEnded && job.failed + job.skipped > 0 && (
              <ExportCsvButton endpoint={endpoints.getImportReport} options={{ params: { id: job.id } }} fallbackFilename="import-report.csv" label="Download report" />
            )}
            {isEnded && <Button onClick={onClose}>Close</Button>}
          </Group>
        </>
      )}
    </Stack>
  );
}
