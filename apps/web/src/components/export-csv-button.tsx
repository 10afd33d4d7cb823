import { Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { Endpoint } from '@voiceagent/shared';
import { useRef, useState } from 'react';
import type { DownloadOptions } from '../lib/api-client';
import { useApiClient } from '../lib/backend';
import { describeError } from '../lib/error-messages';
import { formatByteCount, saveFile } from '../lib/save-file';

type ExportCsvButtonProps<E extends Endpoint> = {
  /** An endpoint answering text/csv, and what to send it. */
  endpoint: E;
  options: Omit<DownloadOptions<E>, 'onProgress' | 'signal'>;
  /** The name to save under when the server gives none. */
  fallbackFilename: string;
  label?: string;
  /** Names the button for assistive technology where several exports share a screen (one per segment). */
  accessibleName?: string;
  size?: 'xs' | 'sm';
};

type State = { kind: 'idle' } | { kind: 'running'; bytes: number } | { kind: 'failed'; message: string };

/**
 * Downloads an export with the user's token (a plain link would carry none) and saves it: says
 * "Preparing…" until the first bytes come, then how much has arrived, and why when it fails.
 */
export function ExportCsvButton<E extends Endpoint>({ endpoint, options, fallbackFilename, label = 'Export CSV', accessibleName, size = 'sm' }: ExportCsvButtonProps<E>) {
  const api = useApiClient();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const running = useRef<AbortController | null>(null);

  async function start() {
    const controller = new AbortController();
    running.current = controller;
    setState({ kind: 'running', bytes: 0 });
    try {
      const file = await api.download(endpoint, { ...options, signal: controller.signal, onProgress: (bytes) => setState({ kind: 'running', bytes }) } as DownloadOptions<E>);
      saveFile(file.blob, file.filename ?? fallbackFilename);
      setState({ kind: 'idle' });
    } catch (error) {
      if (controller.signal.aborted) setState({ kind: 'idle' });
      else setState({ kind: 'failed', message: describeError(error) });
    } finally {
      running.current = null;
    }
  }

  const isRunning = state.kind === 'running';
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs" wrap="nowrap">
        <Button variant="default" size={size} onClick={() => void start()} disabled={isRunning} aria-label={isRunning ? undefined : accessibleName}>
          {isRunning ? (state.bytes === 0 ? 'Preparing…' : `Downloading… ${formatByteCount(state.bytes)}`) : label}
        </Button>
        {isRunning && (
          <Button variant="subtle" size={size} onClick={() => running.current?.abort()}>
            Cancel
          </Button>
        )}
      </Group>
      {/* Announced once per export, not per chunk. */}
      <VisuallyHidden role="status" aria-live="polite">
        {isRunning ? 'Preparing the export…' : ''}
      </VisuallyHidden>
      {state.kind === 'failed' && (
        <Text size="sm" c="red.8" role="alert" maw={360} ta="right">
          {state.message}
        </Text>
      )}
    </Stack>
  );
}
