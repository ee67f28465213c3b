import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPortal, stubFetch } from '../testing';
import { SignInPage } from './sign-in-page';

const portal = { productName: 'Test Portal', routes: [{ path: '/', element: <SignInPage /> }] };

describe('SignInPage', () => {
  it('offers labelled email and password fields and says signing in is not available yet', async () => {
    renderPortal(portal);

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(screen.getByLabelText('Email').getAttribute('type')).toBe('email');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    expect(screen.getByText(/Signing in is not available yet/)).toBeDefined();
  });

  it('sends nothing on submit and tells the person why', async () => {
    const fetchMock = stubFetch(() => new Response(null, { status: 204 }));
    renderPortal(portal);

    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ana@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('You cannot sign in yet');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
