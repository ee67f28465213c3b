import { beforeAll, describe, expect } from 'vitest';
import { demoPassword, describePortalAccessibility } from './accessibility';
import { useProductInBrowser } from './product';

describe('the Subscriber Portal with axe-core: every page, every demo role, at 1280 and 390 px', () => {
  const running = useProductInBrowser();

  // The demo data holds no statement: one of each organization's, produced first, puts the statement
  // pages (a contact's and staff's) on the walk.
  beforeAll(async () => {
    const api = async (email: string) => {
      const signedIn = await fetch(`${running.product.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: demoPassword }),
      });
      const { accessToken } = (await signedIn.json()) as { accessToken: string };
      return (url: string, body?: unknown) =>
        fetch(`${running.product.baseUrl}${url}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
    };
    const to = new Date().toISOString().slice(0, 10);
    const period = { currency: 'EUR', from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to };
    const maria = await api('main@acme.example');
    expect((await maria('/v1/statements', period)).status).toBe(201);
    const bea = await api('billing@vendor.example');
    const organizations = (await (await bea('/v1/staff/organizations')).json()) as {
      items: { id: string }[];
    };
    for (const organization of organizations.items) {
      expect((await bea('/v1/statements', { ...period, organizationId: organization.id })).status).toBe(201);
    }
  });

  describePortalAccessibility(running, {
    app: 'subscriber-web',
    prefix: '/subscriber/',
    signedOut: ['', 'sign-in', 'forgot-password', 'set-password?token=bogus', 'no/such/page'],
    forbidden: { email: 'billing@vendor.example', path: 'back-office/contact-requests' },
  });
});
