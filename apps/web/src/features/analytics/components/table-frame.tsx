import type { ReactNode } from 'react';

/**
 * Scrolls a long or wide table in place. It is a Tab stop, so keyboard users can scroll it too
 * (axe: scrollable-region-focusable), named after the table it holds.
 */
export function TableFrame({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} style={{ overflow: 'auto', maxHeight: 360 }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
