// Every agents query lives under one root, so creating an agent refreshes the list with one invalidation.
export const agentsQueryKeys = {
  all: ['agents'] as const,
  list: () => [...agentsQueryKeys.all, 'list'] as const,
  detail: (agentId: string) => [...agentsQueryKeys.all, 'detail', agentId] as const,
  contacts: (agentId: string) => [...agentsQueryKeys.all, 'detail', agentId, 'contacts'] as const,
  /** The contacts the selector lists; under the agents root, as this feature reads them on its own. */
  selectableContacts: () => [...agentsQueryKeys.all, 'selectable-contacts'] as const,
  promptVariables: () => [...agentsQueryKeys.all, 'prompt-variables'] as const,
  promptPreview: () => [...agentsQueryKeys.all, 'prompt-preview'] as const,
  /** An archive job started from an agent's contacts (the live stream invalidates it by id). */
  archiveJob: (jobId: string) => [...agentsQueryKeys.all, 'archive-job', jobId] as const,
  /** The segments a new agent may take its contacts from, with their counts now. */
};
