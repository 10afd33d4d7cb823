import type { TCallResultStatus } from '@voiceagent/shared';
import type { CallLog } from '../crm/crm-service';
import type { ClaimedResult } from './writeback-repository';

const STATUS_LABELS: Record<TCallResultStatus, string> = {
  completed: 'answered',
  voicemail: 'voicemail',
  no_answer: 'no answer',
  busy: 'busy',
  failed: 'failed',
};

/**
 * HubSpot's default call outcomes (the same ids in every portal), so a logged call shows
 * "Connected", "Left voicemail"… in HubSpot's own filters. A failed call has no such outcome.
 */
const HUBSPOT_DISPOSITIONS: Partial<Record<TCallResultStatus, string>> = {
  completed: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  voicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  no_answer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  busy: '9d9162e7-6cf3-4944-bf63-4dff82258764',
};

/** The call as the CRM logs it: titled by the campaign, the summary and outcome in the body. */
export function toCallLog(result: ClaimedResult): CallLog {
  const body = [
    result.outcome ? `Outcome: ${result.outcome}` : null,
    result.summary || null,
    result.recording_url ? `Recording: ${result.recording_url}` : null,
  ].filter((line): line is string => line !== null);
  // The calling service's id: traces a logged call back to the call, and lets a retry find it.
  const marker = `VoiceAgent call ${result.call_id}`;
  // HubSpot's outcome ids mean nothing elsewhere: Salesforce writes its CallDisposition in words.
  const disposition = result.platform === 'hubspot' ? HUBSPOT_DISPOSITIONS[result.status] : undefined;
  return {
    contactExternalId: result.external_id,
    startedAt: result.started_at,
    durationSec: result.duration_sec,
    title: `${result.campaign_name}: ${STATUS_LABELS[result.status]}`.slice(0, 255),
    body: [...body, marker].join('\n\n'),
    marker,
    status: result.status,
    ...(disposition ? { disposition } : {}),
  };
}
