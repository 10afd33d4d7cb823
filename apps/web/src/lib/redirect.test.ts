import { describe, expect, it } from 'vitest';
import { getSafeRedirect } from './redirect';

describe('getSafeRedirect', () => {
  it('keeps a path inside the app, with its query and hash', () => {
    expect(getSafeRedirect('/agents?tab=all#top')).toBe('/agents?tab=all#top');
  });

  it('falls back to the CRM page when nothing is given', () => {
    expect(getSafeRedirect(null)).toBe('/crm');
    expect(getSafeRedirect('')).toBe('/crm');
  });

  it('refuses targets that leave the origin', () => {
    for (const target of ['https://evil.test/x', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)', 'crm']) {
      expect(getSafeRedirect(target)).toBe('/crm');
    }
  });

  it('does not send a signed-in person back to the auth screens', () => {
    expect(getSafeRedirect('/sign-in')).toBe('/crm');
    expect(getSafeRedirect('/sign-up?redirectTo=%2Fagents')).toBe('/crm');
  });
});
