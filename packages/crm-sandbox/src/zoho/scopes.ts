/**
 * Zoho scopes: Service.scope_name.OPERATION, e.g. ZohoCRM.modules.contacts.READ,
 * ZohoCRM.modules.ALL or ZohoCRM.org.READ, compared without regard to case.
 */
export type ScopeNeed =
  | { kind: 'module'; module: string; operation: 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' }
  | { kind: 'org' }
  | { kind: 'users' }
  /** Field metadata (GET /settings/fields). */
  | { kind: 'fields' }
  /** Custom views (GET /settings/custom_views). */
  | { kind: 'custom_views' }
  /** The Notification API (/actions/watch). */
  | { kind: 'notifications'; operation: 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' };

export function parseScopes(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((scope) => scope.trim())
    .filter((scope) => scope.length > 0);
}

/** Well-formed scope names; an authorization request with another is refused with invalid_scope. */
export function isValidScope(scope: string): boolean {
  return /^Zoho[A-Za-z]+\.[A-Za-z_]+(\.[A-Za-z_]+)*$/i.test(scope) || /^(openid|email|profile|AaaServer\.profile\.READ)$/i.test(scope);
}

export function grants(scopes: string[], need: ScopeNeed): boolean {
  const held = new Set(scopes.map((scope) => scope.toLowerCase()));
  const any = (...candidates: string[]) => candidates.some((candidate) => held.has(candidate.toLowerCase()));
  switch (need.kind) {
    case 'module': {
      const module = need.module.toLowerCase();
      return any('ZohoCRM.modules.ALL', `ZohoCRM.modules.${need.operation}`, `ZohoCRM.modules.${module}.ALL`, `ZohoCRM.modules.${module}.${need.operation}`);
    }
    case 'org':
      return any('ZohoCRM.org.ALL', 'ZohoCRM.org.READ');
    case 'users':
      return any('ZohoCRM.users.ALL', 'ZohoCRM.users.READ');
    case 'fields':
      return any('ZohoCRM.settings.ALL', 'ZohoCRM.settings.fields.ALL', 'ZohoCRM.settings.fields.READ');
    case 'custom_views':
      return any('ZohoCRM.settings.ALL', 'ZohoCRM.settings.custom_views.ALL', 'ZohoCRM.settings.custom_views.READ');
    case 'notifications':
      // Zoho's WRITE covers creating, updating and disabling channels.
      return any('ZohoCRM.notifications.ALL', `ZohoCRM.notifications.${need.operation}`, ...(need.operation === 'READ' ? [] : ['ZohoCRM.notifications.WRITE']));
  }
}
