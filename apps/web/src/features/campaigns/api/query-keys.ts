// Every campaigns query lives under one root, so creating a campaign refreshes what lists them.
export const campaignsQueryKeys = {
  all: ['campaigns'] as const,
  /** Every list of campaigns: their figures change as results arrive. */
  lists: () => [...campaignsQueryKeys.all, 'list'] as const,
  list: (agentId?: string) => [...campaignsQueryKeys.all, 'list', agentId ?? 'all'] as const,
  /** Every agent's campaigns, optionally in one status (the Campaigns screen). */
  everyList: (status: string | null) => [...campaignsQueryKeys.all, 'list', 'every', status ?? 'any'] as const,
  detail: (campaignId: string) => [...campaignsQueryKeys.all, 'detail', campaignId] as const,
  contacts: (campaignId: string) => [...campaignsQueryKeys.all, 'detail', campaignId, 'contacts'] as const,
  stats: (campaignId: string) => [...campaignsQueryKeys.all, 'detail', campaignId, 'stats'] as const,
  /** Under detail(): a call result reported (a live event) reads the queue again too. */
  queue: (campaignId: string) => [...campaignsQueryKeys.all, 'detail', campaignId, 'queue'] as const,
};
