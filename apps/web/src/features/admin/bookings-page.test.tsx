import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { aBooking, dayAhead, renderApp, seededQueryClient } from '../../test/render-app';
import { BOOKINGS_PAGE_SIZE } from './bookings-page';
import { anAdminSession, fakeApi } from './testing/fake-api';

const kim = { id: crypto.randomUUID(), name: 'Kim', timeZone: 'Europe/London', description: null, active: true };

describe('Bookings (admin)', () => {
  it('shows each booking in its barber’s zone with status and payment in words and the price formatted', async () => {
    fakeApi({
      'GET /barbers': () => [kim],
      'GET /bookings': () => [aBooking({ status: 'cancelled', paymentStatus: 'refund_failed', priceCents: 4250, barberName: 'Kim', serviceName: 'Skin fade' })],
    });
    renderApp('/admin/bookings', { queryClient: seededQueryClient(), session: anAdminSession() });

    const card = (await screen.findByRole('heading', { name: 'Skin fade with Kim' })).closest('li')!;
    expect(card.textContent).toMatch(/10:00 London time/);
    expect(within(card).getByText('Cancelled')).toBeTruthy();
    expect(within(card).getByText('Refund failed: the customer is still owed')).toBeTruthy();
    expect(within(card).getByText('£42.50')).toBeTruthy();
  });

  it('sends the filters (status, barber, days) and pages with Next page and Previous page', async () => {
    const page = (count: number) => Array.from({ length: count }, () => aBooking());
    const api = fakeApi({
      'GET /barbers': () => [kim],
      'GET /bookings': (request) => (new URL(request.url).searchParams.get('offset') === '0' ? page(BOOKINGS_PAGE_SIZE + 1) : page(3)),
    });
    const { router } = renderApp('/admin/bookings', { queryClient: seededQueryClient(), session: anAdminSession() });

    await screen.findByRole('heading', { name: `Bookings 1–${BOOKINGS_PAGE_SIZE}` });
    expect(screen.getByRole('button', { name: 'Previous page' }).hasAttribute('disabled')).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('heading', { name: `Bookings ${BOOKINGS_PAGE_SIZE + 1}–${BOOKINGS_PAGE_SIZE + 3}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next page' }).hasAttribute('disabled')).toBe(true);

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'confirmed');
    await userEvent.selectOptions(screen.getByLabelText('Barber'), 'Kim');
    const fromDay = dayAhead(Intl.DateTimeFormat().resolvedOptions().timeZone, 7);
    await userEvent.type(screen.getByLabelText('From day'), fromDay);
    await userEvent.click(screen.getByRole('button', { name: 'Show bookings' }));
    await screen.findByRole('heading', { name: `Bookings 1–${BOOKINGS_PAGE_SIZE}` });
    const query = api.requests.filter((request) => request.route === 'GET /bookings').pop()!.url.searchParams;
    expect(query.get('status')).toBe('confirmed');
    expect(query.get('barberId')).toBe(kim.id);
    const [year, month, date] = fromDay.split('-').map(Number);
    expect(query.get('from')).toBe(new Date(year, month - 1, date).toISOString());
    expect(query.get('offset')).toBe('0');
    expect(query.get('limit')).toBe(String(BOOKINGS_PAGE_SIZE + 1));
    expect(router.state.location.search).toContain('status=confirmed');
  });
});
