import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`, so "5 minutes ago" does not stay 5 forever. */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
