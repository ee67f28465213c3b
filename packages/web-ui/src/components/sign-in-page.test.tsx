import { fireEvent, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createTestQueryClient, renderRoutes, stubFetch } from '../testing';
import { AppProviders } from './app-providers';
import { SignInPage } from './sign-in-page';

const wrapper = ({ children }: { children: ReactNode }) => (
  <AppProviders productName="Test Portal" queryClient={createTestQueryClient()}>
    {children}
  </AppProviders>
);

describe('SignInPage', () => {
  it('offers labelled email and password fields and says signing in is not available yet', async () => {
    renderRoutes([{ path: '/', element: <SignInPage /> }], { wrapper });

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(screen.getByLabelText('Email').getAttribute('type')).toBe('email');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    expect(screen.getByText(/Signing in is not available yet/)).toBeDefined();
  });

  it('sends nothing on submit and tells the person why', async () => {
    const fetchMock = stubFetch(() => new Response(null, { status: 204 }));
    renderRoutes([{ path: '/', element: <SignInPage /> }], { wrapper });

    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ana@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('You cannot sign in yet');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
