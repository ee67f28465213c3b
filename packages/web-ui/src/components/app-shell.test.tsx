import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createTestQueryClient, createTestSession, renderRoutes } from '../testing';
import { AppProviders } from './app-providers';
import { AppShell } from './app-shell';

const renderShell = () => {
  const session = createTestSession();
  const queryClient = createTestQueryClient();
  const shell = (
    <AppShell
      navItems={[
        { to: '/', label: 'Overview', end: true },
        { to: '/tickets', label: 'Tickets' },
      ]}
      account={<button type="button">Sign out</button>}
    >
      <h1>The page</h1>
    </AppShell>
  );
  return renderRoutes(
    [
      { path: '/', element: shell },
      { path: '/tickets', element: shell },
    ],
    {
      wrapper: ({ children }) => (
        <AppProviders id="support" productName="Support Portal" session={session} queryClient={queryClient}>
          {children}
        </AppProviders>
      ),
    },
  );
};

/** The menu button and what it controls (shown below 640 px only: styles.css). */
const theMenu = () => {
  const button = screen.getByRole('button', { name: 'Menu' });
  const menu = document.getElementById(button.getAttribute('aria-controls') ?? '');
  if (!menu) throw new Error('The Menu button controls no element');
  return { button, menu };
};

describe('AppShell: the header on a phone', () => {
  it('folds the navigation and the account behind a Menu button that says whether they are shown', () => {
    renderShell();
    const { button, menu } = theMenu();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(menu.classList.contains('app-menu-open')).toBe(false);
    expect(within(menu).getByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(within(menu).getByRole('button', { name: 'Sign out' })).toBeDefined();

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(menu.classList.contains('app-menu-open')).toBe(true);

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(menu.classList.contains('app-menu-open')).toBe(false);
  });

  it('closes when a link is chosen, and the focus goes on to the new page', async () => {
    const { router } = renderShell();
    const { button, menu } = theMenu();
    fireEvent.click(button);
    const tickets = within(menu).getByRole('link', { name: 'Tickets' });
    tickets.focus();
    fireEvent.click(tickets);

    expect(router.state.location.pathname).toBe('/tickets');
    expect(theMenu().button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('closes the same way when the current page is chosen again', () => {
    renderShell();
    const { button, menu } = theMenu();
    fireEvent.click(button);
    fireEvent.click(within(menu).getByRole('link', { name: 'Overview' }));
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes with Escape, back on its button', () => {
    renderShell();
    const { button } = theMenu();
    fireEvent.click(button);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });
});
