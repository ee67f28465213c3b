import { describe } from 'vitest';
import { describePortalAccessibility } from './accessibility';
import { useProductInBrowser } from './product';

describe('the Support Portal with axe-core: every page, every demo role, at 1280 and 390 px', () => {
  describePortalAccessibility(useProductInBrowser(), {
    app: 'support-web',
    prefix: '/support/',
    signedOut: [
      '',
      'sign-in',
      'forgot-password',
      'set-password?token=bogus',
      'rate?token=bogus',
      'no/such/page',
    ],
    forbidden: { email: 'tara@acme.example', path: 'staff/queue' },
  });
});
