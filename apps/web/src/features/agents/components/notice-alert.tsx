import { Alert, type AlertProps } from '@mantine/core';
import { forwardRef, type ReactNode } from 'react';

type NoticeAlertProps = Omit<AlertProps, 'color' | 'variant'> & { tone: 'error' | 'info'; children: ReactNode };

const TONES = {
  error: { color: 'red', title: 'var(--mantine-color-red-9)' },
  info: { color: 'blue', title: 'var(--mantine-color-blue-9)' },
} as const;

/**
 * Mantine's light alerts title in shade 6 of their colour, under 3:1 on their own tint; the
 * darkest shade reads at 4.5:1.
 */
export const NoticeAlert = forwardRef<HTMLDivElement, NoticeAlertProps>(function NoticeAlert({ tone, ...props }, ref) {
  return <Alert ref={ref} color={TONES[tone].color} variant="light" styles={{ title: { color: TONES[tone].title } }} {...props} />;
});
