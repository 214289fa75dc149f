// First: it replaces fetch before the API client is made.
import { fakeApi } from '../../test/fake-api';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { aBooking, aSession, aSlot, dayAhead, renderApp, seededQueryClient } from '../../test/render-app';

afterEach(() => fakeApi.reset());

describe('My bookings', () => {
  it('lists upcoming and past bookings with their status in words', () => {
    const queryClient = seededQueryClient();
    const upcoming = aBooking({ status: 'confirmed', paymentStatus: 'paid', serviceName: 'Skin fade' });
    const expired = aBooking({ status: 'expired', serviceName: 'Beard trim' });
    queryClient.setQueryData(['my-bookings'], [expired, upcoming]);
    renderApp('/my-bookings', { queryClient, session: aSession() });

    const upcomingList = screen.getByRole('region', { name: 'Upcoming' });
    expect(within(upcomingList).getByRole('heading', { name: 'Skin fade with Kim' })).toBeTruthy();
    expect(within(upcomingList).getByText('Confirmed')).toBeTruthy();
    const past = screen.getByRole('region', { name: 'Past and cancelled' });
    expect(within(past).getByRole('heading', { name: 'Beard trim with Kim' })).toBeTruthy();
    expect(within(past).getByText('Expired: not paid in time')).toBeTruthy();
    expect(within(past).queryByRole('button', { name: 'Cancel booking' })).toBeNull();
  });

  it('says whether cancelling refunds before the click, and asks once more before cancelling', async () => {
    const queryClient = seededQueryClient();
    queryClient.setQueryData(['my-bookings'], [aBooking({ status: 'confirmed', paymentStatus: 'paid' })]);
    renderApp('/my-bookings', { queryClient, session: aSession() });

    const cancel = screen.getByRole('button', { name: 'Cancel booking' });
    expect(cancel.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(cancel.getAttribute('aria-describedby')!)?.textContent).toBe('Cancelling now refunds £30.00 in full.');
    await userEvent.click(cancel);
    expect(screen.getByRole('group', { name: 'Cancel this booking?' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.getByRole('button', { name: 'Cancel booking' })).toBeTruthy();
  });

  it('reschedules an upcoming booking to another time of its barber and shows the new time in the list', async () => {
    const queryClient = seededQueryClient();
    const booking = aBooking({ status: 'confirmed', paymentStatus: 'paid' });
    const day = dayAhead(booking.timeZone, 3);
    const slots = ['10:00', '15:30'].map((time) => aSlot(booking.barberId, day, time, booking.timeZone, time === '10:00' ? { status: 'booked' } : {}));
    queryClient.setQueryData(['my-bookings'], [booking]);
    queryClient.setQueryData(['slots', booking.barberId, day], slots);
    fakeApi.on('POST', `/bookings/${booking.id}/reschedule`, {
      status: 200,
      body: { ...booking, startsAt: slots[1].startsAt, endsAt: slots[1].endsAt, slotIds: [slots[1].id], rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt } },
    });
    renderApp('/my-bookings', { queryClient, session: aSession() });

    const upcoming = screen.getByRole('region', { name: 'Upcoming' });
    expect(within(upcoming).getByText(/^You can move this booking online until /)).toBeTruthy();
    await userEvent.click(within(upcoming).getByRole('button', { name: 'Reschedule' }));
    await userEvent.click(within(upcoming).getByRole('button', { name: '15:30' }));
    await userEvent.click(within(upcoming).getByRole('button', { name: /^Move to / }));
    await waitFor(() => expect(within(upcoming).getByText(/^Moved to \w{3} \d{1,2} \w{3}, 15:30 London time — was 10:00$/)).toBeTruthy());
    expect(within(upcoming).getByText(/15:30 London time/, { selector: 'time' })).toBeTruthy();
  });

  it('asks a signed-out visitor to sign in, with labelled Email and Password fields', () => {
    renderApp('/my-bookings', { queryClient: seededQueryClient() });
    expect(screen.getByRole('heading', { name: 'Sign in to see your bookings' })).toBeTruthy();
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });
});
