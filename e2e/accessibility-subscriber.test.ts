import { describe } from 'vitest';
import { describePortalAccessibility } from './accessibility';
import { useProductInBrowser } from './product';

describe('the Subscriber Portal with axe-core: every page, every demo role, at 1280 and 390 px', () => {
  describePortalAccessibility(useProductInBrowser(), {
    app: 'subscriber-web',
    prefix: '/subscriber/',
    signedOut: ['', 'sign-in', 'forgot-password', 'set-password?token=bogus', 'no/such/page'],
    forbidden: { email: 'billing@vendor.example', path: 'back-office/contact-requests' },
  });
});
