import { isApiError } from '@portals/api-client';
import { useEffect, useState } from 'react';

/**
 * True while the wait the API asked for with `error` (a 429's Retry-After) lasts, so the form
 * does not send attempts that would only be refused again.
 */
export const useRetryAfter = (error: unknown): boolean => {
  const seconds = isApiError(error) ? error.retryAfterSeconds : undefined;
  const [waitingOn, setWaitingOn] = useState<unknown>(null);
  useEffect(() => {
    if (seconds === undefined) return;
    setWaitingOn(error);
    const timer = setTimeout(() => setWaitingOn(null), seconds * 1000);
    return () => clearTimeout(timer);
  }, [error, seconds]);
  return waitingOn !== null && waitingOn === error;
};
