import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { answer, anAdminSession, fakeApi } from './testing/fake-api';

const fade = { id: crypto.randomUUID(), name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp', active: true };
const shave = { id: crypto.randomUUID(), name: 'Hot towel shave', durationMinutes: 45, priceCents: 2500, currency: 'gbp', active: false };

describe('Services', () => {
  it('lists retired services too, and shows SERVICE_NAME_TAKEN as a sentence', async () => {
    const sentence = 'There is already an active service called Skin fade: choose another name, or retire that one first.';
    const api = fakeApi({
      'GET /services': () => [fade, shave],
      'POST /services': () => answer(409, { statusCode: 409, code: 'SERVICE_NAME_TAKEN', message: sentence }),
    });
    renderApp('/admin/services', { queryClient: seededQueryClient(), session: anAdminSession() });

    expect(await screen.findByRole('heading', { name: 'Hot towel shave (retired)' })).toBeTruthy();
    expect(api.requests[0].url.searchParams.get('includeInactive')).toBe('true');
    const form = screen.getByRole('region', { name: 'Add a service' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Skin fade');
    await userEvent.type(within(form).getByLabelText('Price'), '32.50');
    await userEvent.click(within(form).getByRole('button', { name: 'Add service' }));

    expect((await within(form).findByRole('alert')).textContent).toBe(sentence);
    expect(api.requests.find((request) => request.route === 'POST /services')?.body).toEqual({
      name: 'Skin fade',
      durationMinutes: 30,
      priceCents: 3250,
      currency: 'gbp',
    });
  });

  it('changes a price, saying existing bookings keep theirs, and retires and restores', async () => {
    let current = fade;
    const api = fakeApi({
      'GET /services': () => [current],
      [`PATCH /services/${fade.id}`]: (_request, body) => {
        current = { ...current, ...(body as object) };
        return current;
      },
    });
    renderApp('/admin/services', { queryClient: seededQueryClient(), session: anAdminSession() });

    await userEvent.click(await screen.findByRole('button', { name: 'Change Skin fade' }));
    const form = screen.getByRole('form', { name: 'Change Skin fade' });
    expect(within(form).getByText(/Existing bookings keep their price/)).toBeTruthy();
    const price = within(form).getByLabelText('Price in GBP');
    expect((price as HTMLInputElement).value).toBe('30.00');
    await userEvent.clear(price);
    await userEvent.type(price, '35');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/£35\.00/)).toBeTruthy();
    expect(api.requests.find((request) => request.route.startsWith('PATCH'))?.body).toMatchObject({ priceCents: 3500 });

    const retire = screen.getByRole('button', { name: 'Retire Skin fade' });
    expect(document.getElementById(retire.getAttribute('aria-describedby')!)?.textContent).toMatch(/refuses new bookings of it; existing bookings stay/);
    await userEvent.click(retire);
    expect(await screen.findByRole('button', { name: 'Restore Skin fade' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Skin fade (retired)' })).toBeTruthy();
  });
});
