import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';

const PRODUCT_NAME = 'VoiceAgent CRM';

/**
 * The page's one h1. It takes focus when the page appears, so after a client-side navigation
 * screen readers announce the new page and the next Tab starts from its top.
 */
export function PageHeading({ title }: { title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} · ${PRODUCT_NAME}`;
    ref.current?.focus({ preventScroll: false });
  }, [title]);

  return (
    // No focus ring: the heading is not a Tab stop, and a ring round it on every page load reads
    // as a selected box; screen readers still announce it and Tab continues from here.
    <Title order={1} ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {title}
    </Title>
  );
}
