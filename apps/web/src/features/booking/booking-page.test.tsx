import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aBooking, aSession, renderApp, seededQueryClient } from '../../test/render-app';

function bookingPage(overrides: Parameters<typeof aBooking>[0] = {}, query = '') {
  const booking = aBooking(overrides);
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['booking', booking.id], booking);
  const view = renderApp(`/bookings/${booking.id}${query}`, { queryClient, session: aSession() });
  const feed = () => view.live.latest(`/bookings/${booking.id}/live`);
  return { booking, feed, ...view };
}

describe('the booking page, following /bookings/:id/live', () => {
  it('shows "Waiting for payment" and turns to "Confirmed" the moment the payment lands', async () => {
    const { booking, feed } = bookingPage({}, '?checkout=success');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Waiting for payment');
    expect(feed().url).toBe(`/bookings/${booking.id}/live?access_token=token-for-tests`);

    act(() => feed().push('booking.updated', { id: booking.id, status: 'confirmed', paymentStatus: 'paid' }));

    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Confirmed'));
    expect(screen.getByText(/Paid £30\.00/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pay now' })).toBeNull();
  });

  it('ignores a change of another booking', () => {
    const { feed } = bookingPage();
    act(() => feed().push('booking.updated', { id: crypto.randomUUID(), status: 'confirmed', paymentStatus: 'paid' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Waiting for payment');
  });

  it('after Back from Checkout says the time is held until when, and offers to pay now', () => {
    bookingPage({}, '?checkout=cancelled');
    expect(screen.getByRole('alert').textContent).toMatch(/You left the payment page without paying\. Your time is held until \d\d:\d\d London time/);
    expect(screen.getByRole('button', { name: 'Pay now' })).toBeTruthy();
  });

  it('says a declined card as its sentence, pushed live, with the time still held and Pay now', async () => {
    const { booking, feed } = bookingPage();
    act(() =>
      feed().push('booking.updated', {
        id: booking.id,
        status: 'pending_payment',
        paymentStatus: 'unpaid',
        checkout: { sessionId: booking.checkout!.sessionId, lastPaymentError: 'Your card was declined. Try another card.' },
      }),
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Your card was declined\. Try another card\. Your time is still held until \d\d:\d\d London time/));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Waiting for payment');
    expect(screen.getByRole('button', { name: 'Pay now' })).toBeTruthy();
  });

  it('says a refund that failed and a dispute as sentences, the booking itself unchanged', async () => {
    const { booking, feed } = bookingPage({ status: 'cancelled', paymentStatus: 'refund_pending' });
    act(() => feed().push('booking.updated', { id: booking.id, paymentStatus: 'refund_failed' }));
    await waitFor(() => expect(screen.getByText(/could not be paid to your card\. The shop has been told/)).toBeTruthy());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cancelled');
    act(() => feed().push('booking.updated', { id: booking.id, paymentStatus: 'disputed' }));
    await waitFor(() => expect(screen.getByText(/Your bank is disputing the payment of £30\.00/)).toBeTruthy());
  });

  it('says an expiry as a sentence with the next step: pick another time', async () => {
    const { booking, feed } = bookingPage();
    act(() => feed().push('booking.updated', { id: booking.id, status: 'expired', paymentStatus: 'unpaid' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Expired'));
    expect(screen.getByRole('alert').textContent).toMatch(/not paid in time.*Nothing was charged\. Please pick another time\./);
    expect(screen.getByRole('link', { name: 'Pick another time' }).getAttribute('href')).toContain(`/barbers/${booking.barberId}/services/${booking.serviceId}?day=`);
  });

  it('says a cancellation and its refund as sentences', async () => {
    const { booking, feed } = bookingPage({ status: 'confirmed', paymentStatus: 'paid' });
    act(() => feed().push('booking.updated', { id: booking.id, status: 'cancelled', paymentStatus: 'refund_pending' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cancelled'));
    expect(screen.getByText(/Your refund of £30\.00 is on its way to your card\./)).toBeTruthy();
  });

  it('shows the booking’s time in the barber’s zone, named, with barber and service names', () => {
    bookingPage({ timeZone: 'America/New_York', barberName: 'Lou', serviceName: 'Beard trim' });
    expect(screen.getByText(/10:00 New York time/, { selector: 'time' })).toBeTruthy();
    expect(screen.getByText('Lou')).toBeTruthy();
    expect(screen.getByText('Beard trim')).toBeTruthy();
  });
});
