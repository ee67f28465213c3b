import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../testing/render-app';

describe('Subscriber Portal routes', () => {
  it('shows "Page not found" with a link home for an unknown path, keeping the header', async () => {
    renderApp('/no/such/page');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Subscriber Portal' })).toBeDefined();
  });

  it('names the portal in the header and marks the current page in the navigation', async () => {
    renderApp('/sign-in');

    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(navigation).getByRole('link', { name: 'Sign in' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(
      within(navigation).getByRole('link', { name: 'Overview' }).getAttribute('aria-current'),
    ).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to the Subscriber Portal' })).toBeDefined();
    expect(screen.getByText(/Signing in is not available yet/)).toBeDefined();
  });
});
