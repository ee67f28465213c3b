import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../testing';
import { createPortalRoutes } from './create-portal-routes';

function BrokenPage(): never {
  throw new Error('Cannot read properties of undefined (reading "x")');
}

const portal = {
  productName: 'Test Portal',
  routes: createPortalRoutes({
    navItems: [
      { to: '/', label: 'Home', end: true },
      { to: '/broken', label: 'Broken' },
    ],
    home: <h1>Welcome home</h1>,
    pages: [{ path: 'broken', element: <BrokenPage /> }],
  }),
};

describe('createPortalRoutes', () => {
  it('opens on the home page under the portal name, with the navigation and "Sign in"', async () => {
    renderPortal(portal);

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome home' })).toBeDefined();
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Test Portal' })).toBeDefined();
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(navigation)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Home', 'Broken', 'Sign in']);
    expect(within(navigation).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
  });

  it('leads from "Sign in" in the navigation to the sign-in form, marking it as the current page', async () => {
    renderPortal(portal);

    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    fireEvent.click(within(navigation).getByRole('link', { name: 'Sign in' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to the Test Portal' }),
    ).toBeDefined();
    expect(screen.getByLabelText('Email')).toBeDefined();
    expect(within(navigation).getByRole('link', { name: 'Sign in' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(within(navigation).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeNull();
  });

  it('shows "Page not found" with a link home for an unknown path, keeping the header', async () => {
    renderPortal(portal, { path: '/no/such/page' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Test Portal' })).toBeDefined();
  });

  it('shows "Something went wrong" in place of a failing page, keeping the header and navigation', async () => {
    renderPortal(portal, { path: '/broken' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Something went wrong' })).toBeDefined();
    expect(screen.getByRole('alert').textContent).not.toContain('Cannot read properties');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
  });

  it('keeps links inside the base path the portal is served under', async () => {
    renderPortal(portal, { basename: '/support', path: '/support/no/such/page' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/support');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/support/sign-in');
  });
});
