import { AppError } from '../../http/app-error';
import type { ProviderErrorDetails } from '../provider-http/provider-error';

/**
 * A provider's refusal to read lists, said the way a user can act on: a missing scope (the
 * connection predates lists; reconnecting grants it) or a list the CRM no longer has.
 */
export function explainListError(error: unknown, input: { crm: string; scope: string | null; listId?: string; isMissingScope: (details: ProviderErrorDetails) => boolean; isMissingList?: (details: ProviderErrorDetails) => boolean }): unknown {
  if (!(error instanceof AppError) || error.code !== 'provider_rejected') return error;
  const details = (error.details ?? {}) as ProviderErrorDetails;
  if (input.scope && input.isMissingScope(details)) {
    return new AppError(
      'provider_rejected',
      `${input.crm} refused to share its lists: this connection was made without the ${input.scope} scope. Reconnect ${input.crm} to import lists.`,
      { ...details, reason: 'missing_scope', requiredScope: input.scope, reconnect: true },
    );
  }
  if (input.listId !== undefined && (input.isMissingList ?? ((d) => d.status === 404))(details)) {
    return new AppError('not_found', `${input.crm} has no list ${input.listId} (deleted, or not a list of contacts)`, { platform: details.platform, listId: input.listId });
  }
  return error;
}
