import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { aSession, renderApp, seededQueryClient } from '../../test/render-app';
import { admin, anAdminSession, answer, fakeApi } from './testing/fake-api';

describe('The admin console frame', () => {
  it('shows an Admin link for an admin, and a link to every section', async () => {
    fakeApi({ 'GET /admin/attention': () => [], 'GET /admin/dlq': () => [{ queue: 'booking-inbox-dlq', count: 3 }] });
    renderApp('/admin', { queryClient: seededQueryClient(), session: anAdminSession() });
    expect(screen.getByRole('navigation', { name: 'Main' }).textContent).toContain('Admin');
    const sections = screen.getByRole('navigation', { name: 'Admin sections' });
    for (const name of ['Bookings', 'Attention', 'Dead letters', 'Reconcile', 'Health', 'Barbers', 'Services', 'Staff accounts']) {
      expect(sections.querySelector(`a[href="/admin/${name === 'Staff accounts' ? 'staff' : name.toLowerCase().replace(' ', '-')}"]`)?.textContent).toBe(name);
    }
    expect(await screen.findByRole('link', { name: '3 dead letters waiting' })).toBeTruthy();
  });

  it('tells a customer the console is for admins, with no Admin link', () => {
    renderApp('/admin/bookings', { queryClient: seededQueryClient(), session: aSession() });
    expect(screen.getByText(/The admin console is for the shop’s admins/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('lands an admin on the console after signing in on the sign-in page', async () => {
    fakeApi({
      'POST /auth/login': () => answer(200, { accessToken: 'admin-token', tokenType: 'Bearer', expiresIn: 3600, user: admin }),
      'GET /admin/attention': () => [],
      'GET /admin/dlq': () => [],
    });
    const { router } = renderApp('/sign-in', { queryClient: seededQueryClient() });
    await userEvent.type(screen.getByLabelText('Email'), admin.email);
    await userEvent.type(screen.getByLabelText('Password'), 'admin-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Admin console', level: 1 })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/admin');
  });
});
