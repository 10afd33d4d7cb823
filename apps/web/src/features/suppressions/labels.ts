import type { TSuppression } from '@voiceagent/shared';

/** Where a suppressed number came from, as the list says it. */
export const SUPPRESSION_SOURCE_LABELS: Record<TSuppression['source'], string> = {
  contact: 'From a contact',
  call_result: 'Asked on a call',
  api: 'Added by hand',
  csv: 'CSV upload',
};
