import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { admin, answer, anAdminSession, fakeApi } from './testing/fake-api';

const kim = { id: crypto.randomUUID(), name: 'Kim', timeZone: 'Europe/London', description: null, active: true };

describe('Staff accounts', () => {
  it('creates a barber account for a barber picked from the list', async () => {
    const api = fakeApi({
      'GET /admin/users': () => [admin],
      'GET /barbers': () => [kim],
      'POST /admin/users': (_request, body) => answer(201, { id: crypto.randomUUID(), active: true, ...(body as object) }),
    });
    renderApp('/admin/staff', { queryClient: seededQueryClient(), session: anAdminSession() });

    const form = screen.getByRole('region', { name: 'Add a staff account' });
    await within(form).findByRole('option', { name: 'Kim' });
    await userEvent.selectOptions(within(form).getByLabelText('Barber'), 'Kim');
    await userEvent.type(within(form).getByLabelText('Name'), 'Kim Taylor');
    await userEvent.type(within(form).getByLabelText('Email'), 'kim@example.com');
    await userEvent.type(within(form).getByLabelText('Password'), 'correct-horse-1');
    await userEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    expect((await within(form).findByRole('status')).textContent).toMatch(/^Added Kim Taylor \(kim@example\.com\)/);
    expect(api.requests.find((request) => request.route === 'POST /admin/users')?.body).toEqual({
      name: 'Kim Taylor',
      email: 'kim@example.com',
      password: 'correct-horse-1',
      role: 'barber',
      barberId: kim.id,
    });

    // An admin account has no barber.
    await userEvent.selectOptions(within(form).getByLabelText('Role'), 'admin');
    expect(within(form).queryByLabelText('Barber')).toBeNull();
  });

  it('renames and deactivates an account, and offers no Deactivate for the admin’s own account', async () => {
    let sam = { id: crypto.randomUUID(), email: 'sam@example.com', name: 'Sam', role: 'barber', barberId: kim.id, active: true };
    const api = fakeApi({
      'GET /admin/users': () => [admin, sam],
      'GET /barbers': () => [kim],
      [`PATCH /admin/users/${sam.id}`]: (_request, body) => {
        sam = { ...sam, ...(body as object) };
        return sam;
      },
    });
    renderApp('/admin/staff', { queryClient: seededQueryClient(), session: anAdminSession() });

    const own = (await screen.findByRole('heading', { name: admin.name })).closest('li')!;
    expect(within(own).getByText(/this is you/)).toBeTruthy();
    expect(within(own).queryByRole('button', { name: /Deactivate/ })).toBeNull();
    expect(await screen.findByText('sam@example.com · Barber (Kim)')).toBeTruthy();

    const deactivate = screen.getByRole('button', { name: 'Deactivate Sam' });
    expect(document.getElementById(deactivate.getAttribute('aria-describedby')!)?.textContent).toMatch(/stops this account signing in at once/);
    await userEvent.click(deactivate);
    expect(await screen.findByRole('heading', { name: 'Sam (deactivated)' })).toBeTruthy();
    expect(api.requests.filter((request) => request.route.startsWith('PATCH')).pop()?.body).toEqual({ active: false });

    await userEvent.click(screen.getByRole('button', { name: 'Rename Sam' }));
    const form = screen.getByRole('form', { name: 'Rename Sam' });
    await userEvent.clear(within(form).getByLabelText('Name'));
    await userEvent.type(within(form).getByLabelText('Name'), 'Samuel');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('heading', { name: 'Samuel (deactivated)' })).toBeTruthy();
  });
});
