import { useEffect, useState } from 'react';

/** How long typing pauses before a search-as-you-type field searches: one request per word, not per key. */
export const searchDelayMs = 250;

/** `value` once it has stayed the same for `delayMs` (the search fields' debounce). */
export const useSettled = <T>(value: T, delayMs: number = searchDelayMs): T => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
};
