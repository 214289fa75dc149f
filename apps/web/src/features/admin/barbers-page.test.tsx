import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { answer, anAdminSession, fakeApi } from './testing/fake-api';

describe('Barbers (admin)', () => {
  it('adds a barber with a time zone, and shows the API’s sentence for a bad one', async () => {
    let created = 0;
    const api = fakeApi({
      'GET /barbers': () => [],
      'POST /barbers': (_request, body) => {
        created += 1;
        return created === 1
          ? answer(400, { statusCode: 400, code: 'INVALID_TIME_ZONE', message: 'Mars/Olympus is not a time zone we know.' })
          : answer(201, { id: crypto.randomUUID(), description: null, active: true, ...(body as object) });
      },
    });
    renderApp('/admin/barbers', { queryClient: seededQueryClient(), session: anAdminSession() });

    const form = screen.getByRole('region', { name: 'Add a barber' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Sam');
    await userEvent.selectOptions(within(form).getByLabelText('Time zone'), 'America/New_York');
    await userEvent.click(within(form).getByRole('button', { name: 'Add barber' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Mars/Olympus is not a time zone we know.');
    // What was typed stays, to try again.
    expect(within(form).getByLabelText<HTMLInputElement>('Name').value).toBe('Sam');
    await userEvent.click(within(form).getByRole('button', { name: 'Add barber' }));
    expect((await within(form).findByRole('status')).textContent).toMatch(/^Added Sam\./);
    expect(api.requests.filter((request) => request.route === 'POST /barbers').pop()?.body).toEqual({ name: 'Sam', timeZone: 'America/New_York', description: null });
  });

  it('lists inactive barbers too, says what deactivating means before the click, and edits a barber', async () => {
    let kim = { id: crypto.randomUUID(), name: 'Kim', timeZone: 'Europe/London', description: 'Fades', active: true };
    const lee = { id: crypto.randomUUID(), name: 'Lee', timeZone: 'Europe/Paris', description: null, active: false };
    const api = fakeApi({
      'GET /barbers': () => [kim, lee],
      [`PATCH /barbers/${kim.id}`]: (_request, body) => {
        kim = { ...kim, ...(body as object) };
        return kim;
      },
    });
    renderApp('/admin/barbers', { queryClient: seededQueryClient(), session: anAdminSession() });

    expect(await screen.findByRole('heading', { name: 'Lee (inactive)' })).toBeTruthy();
    expect(api.requests[0].url.searchParams.get('includeInactive')).toBe('true');
    expect(screen.getByRole('button', { name: 'Reactivate Lee' })).toBeTruthy();
    const deactivate = screen.getByRole('button', { name: 'Deactivate Kim' });
    expect(document.getElementById(deactivate.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Deactivating hides Kim from customers and refuses new bookings with them; existing bookings stay as they are.',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Edit Kim' }));
    const form = screen.getByRole('form', { name: 'Edit Kim' });
    await userEvent.clear(within(form).getByLabelText('Name'));
    await userEvent.type(within(form).getByLabelText('Name'), 'Kimberly');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('heading', { name: 'Kimberly' })).toBeTruthy();
    expect(api.requests.find((request) => request.route.startsWith('PATCH'))?.body).toEqual({ name: 'Kimberly', timeZone: 'Europe/London', description: 'Fades' });

    await userEvent.click(screen.getByRole('button', { name: 'Deactivate Kimberly' }));
    expect(await screen.findByRole('heading', { name: 'Kimberly (inactive)' })).toBeTruthy();
    expect(api.requests.filter((request) => request.route.startsWith('PATCH')).pop()?.body).toEqual({ active: false });
  });
});
