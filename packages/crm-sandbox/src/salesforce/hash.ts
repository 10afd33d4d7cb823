/** A stable 32-bit hash of (seed, index, salt), so every seeded choice is the same run to run. */
export function hash32(seed: number, index: number, salt = 0): number {
  let h = (seed ^ 0x9e3779b9 ^ Math.imul(salt, 0x27d4eb2f)) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
