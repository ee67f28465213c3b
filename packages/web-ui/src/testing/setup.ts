import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { disposeTestSessions } from './index';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  disposeTestSessions();
});
