import { describe, expect, it } from 'vitest';
import { bodyHasMarker } from './logged-call-marker';

describe('bodyHasMarker', () => {
  it('finds the marker on its own line, at the end, or wrapped in HTML', () => {
    expect(bodyHasMarker('Outcome: yes\n\nVoiceAgent call c-1', 'VoiceAgent call c-1')).toBe(true);
    expect(bodyHasMarker('<p>Outcome: yes</p><p>VoiceAgent call c-1</p>', 'VoiceAgent call c-1')).toBe(true);
  });

  it('does not take a longer id for it, nor an empty body', () => {
    expect(bodyHasMarker('VoiceAgent call c-10', 'VoiceAgent call c-1')).toBe(false);
    expect(bodyHasMarker('VoiceAgent call c-1.2', 'VoiceAgent call c-1')).toBe(false);
    expect(bodyHasMarker(null, 'VoiceAgent call c-1')).toBe(false);
  });

  it('reads the marker literally', () => {
    expect(bodyHasMarker('VoiceAgent call a+b', 'VoiceAgent call a+b')).toBe(true);
    expect(bodyHasMarker('VoiceAgent call aab', 'VoiceAgent call a+b')).toBe(false);
  });
});
