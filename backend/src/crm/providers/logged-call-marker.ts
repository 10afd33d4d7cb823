/**
 * Whether a logged call's body carries `marker` as a whole: "VoiceAgent call c-1" is not in a
 * body that says "VoiceAgent call c-10". CRMs may wrap the body in HTML, so only what follows the
 * marker is checked, not the line it stands on.
 */
export function bodyHasMarker(body: string | null | undefined, marker: string): boolean {
  if (!body) return false;
  const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?![\\w.:/-])`).test(body);
}
