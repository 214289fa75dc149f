import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { aBooking, aSession, renderApp, seededQueryClient } from '../../test/render-app';

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

  it('asks a signed-out visitor to sign in, with labelled Email and Password fields', () => {
    renderApp('/my-bookings', { queryClient: seededQueryClient() });
    expect(screen.getByRole('heading', { name: 'Sign in to see your bookings' })).toBeTruthy();
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });
});
