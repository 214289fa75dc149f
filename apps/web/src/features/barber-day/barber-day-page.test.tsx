// First: it replaces fetch before the API client is made.
import { fakeApi } from '../../test/fake-api';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/format';
import { aBarberSession, barber, barberUser } from '../../test/barber-fixtures';
import { aBooking, aSession, dayAhead, instantAt, renderApp, seededQueryClient } from '../../test/render-app';
import type { Appointment } from './hooks/use-barber-day';


function anAppointment(day: string, time: string, overrides: Partial<Appointment> = {}): Appointment {
  const startsAt = instantAt(day, time, barber.timeZone);
  return {
    id: crypto.randomUUID(),
    bookingId: crypto.randomUUID(),
    barberId: barber.id,
    customerId: crypto.randomUUID(),
    customerName: 'Ada',
    serviceName: 'Skin fade',
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    status: 'paid',
    updatedAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

function dayPage(day: string, appointments: Appointment[]) {
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['barber', barber.id], barber);
  queryClient.setQueryData(['barber-day', barber.id, day], appointments);
  queryClient.setQueryData(['me'], { ...barberUser, calendarKey: 'key-one' });
  const view = renderApp(`/barber/day?date=${day}`, { queryClient, session: aBarberSession() });
  const feed = () => view.live.latest(`/barbers/${barber.id}/appointments/live`);
  const row = (name: RegExp) => screen.getByRole('listitem', { name });
  return { ...view, queryClient, feed, row };
}

afterEach(() => fakeApi.reset());

describe("the barber's day", () => {
  it('lists each appointment with its time in London time, customer, service and status in words', () => {
    const day = dayAhead(barber.timeZone, 3);
    dayPage(day, [
      anAppointment(day, '09:30', { customerName: 'Ada', status: 'pending' }),
      anAppointment(day, '10:00', { customerName: 'Bea', serviceName: 'Beard trim', status: 'paid' }),
      anAppointment(day, '11:00', { customerName: 'Cal', status: 'cancelled' }),
    ]);
    expect(screen.getByRole('heading', { name: 'My day', level: 1 })).toBeTruthy();
    const ada = screen.getByRole('listitem', { name: /09:30 London time · Ada/ });
    expect(within(ada).getByText('Awaiting payment')).toBeTruthy();
    expect(within(ada).getByText(/a hold, not paid yet/)).toBeTruthy();
    const bea = screen.getByRole('listitem', { name: /10:00 London time · Bea/ });
    expect(within(bea).getByText('Paid')).toBeTruthy();
    expect(within(bea).getByText(/Beard trim/)).toBeTruthy();
    // A hold does not look like a paid appointment: its own style, not colour alone.
    expect(ada.className).toContain('appointment-pending');
    expect(bea.className).toContain('appointment-paid');
    expect(within(screen.getByRole('listitem', { name: /Cal/ })).getByText('Cancelled')).toBeTruthy();
    expect(screen.getByText('2 appointments.')).toBeTruthy();
  });

  it('shows Paid when the live feed says so, in place, without fetching', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const hold = anAppointment(day, '09:30', { status: 'pending' });
    const { feed, row } = dayPage(day, [hold]);
    expect(feed().url).toBe(`/barbers/${barber.id}/appointments/live?access_token=barber-token`);
    expect(within(row(/Ada/)).getByText('Awaiting payment')).toBeTruthy();

    act(() => feed().push('appointment.updated', { ...hold, status: 'paid', updatedAt: new Date().toISOString() }));

    await waitFor(() => expect(within(row(/Ada/)).getByText('Paid')).toBeTruthy());
    expect(within(row(/Ada/)).queryByText('Awaiting payment')).toBeNull();
    expect(row(/Ada/).className).toContain('appointment-paid');
  });

  it('moves an appointment rescheduled to another time in place, drops one moved to another day, adds a new one', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const first = anAppointment(day, '09:30', { customerName: 'Ada' });
    const second = anAppointment(day, '10:00', { customerName: 'Bea' });
    const { feed } = dayPage(day, [first, second]);
    const later = new Date().toISOString();

    act(() => feed().push('appointment.updated', { ...first, startsAt: instantAt(day, '15:00', barber.timeZone), endsAt: instantAt(day, '15:30', barber.timeZone), updatedAt: later }));
    await waitFor(() => expect(screen.getByRole('listitem', { name: /15:00 London time · Ada/ })).toBeTruthy());
    expect(screen.getAllByRole('listitem').map((item) => item.getAttribute('aria-labelledby') && item.querySelector('h3')?.textContent)).toEqual([
      '10:00 London time · Bea',
      '15:00 London time · Ada',
    ]);

    const nextDay = addDays(day, 1);
    act(() => feed().push('appointment.updated', { ...second, startsAt: instantAt(nextDay, '10:00', barber.timeZone), endsAt: instantAt(nextDay, '10:30', barber.timeZone), updatedAt: later }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /Bea/ })).toBeNull());

    act(() => feed().push('appointment.updated', anAppointment(day, '12:00', { customerName: 'Dee', status: 'pending', updatedAt: later })));
    await waitFor(() => expect(screen.getByRole('listitem', { name: /12:00 London time · Dee/ })).toBeTruthy());
  });

  it('moves an upcoming appointment to another free time of the barber: Move, pick, confirm; the row changes time in place', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const ada = anAppointment(day, '09:30', { customerName: 'Ada' });
    const free = ['09:30', '14:00'].map((time, index) => ({
      id: crypto.randomUUID(),
      barberId: barber.id,
      startsAt: instantAt(day, time, barber.timeZone),
      endsAt: new Date(new Date(instantAt(day, time, barber.timeZone)).getTime() + 30 * 60_000).toISOString(),
      status: index === 0 ? ('booked' as const) : ('available' as const),
    }));
    fakeApi.on('GET', `/barbers/${barber.id}/slots`, { status: 200, body: free });
    fakeApi.on('POST', `/bookings/${ada.bookingId}/reschedule`, {
      status: 200,
      body: { ...aBooking({ id: ada.bookingId, barberId: barber.id, status: 'confirmed', paymentStatus: 'paid' }), startsAt: free[1].startsAt, endsAt: free[1].endsAt, updatedAt: new Date().toISOString() },
    });
    dayPage(day, [ada, anAppointment(day, '11:00', { customerName: 'Bea', status: 'completed' })]);
    // Only an upcoming hold or paid appointment can be moved.
    expect(screen.queryByRole('button', { name: 'Move: Bea, Skin fade' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Move: Ada, Skin fade' }));
    const picker = screen.getByRole('region', { name: 'Move Ada, Skin fade' });
    await waitFor(() => expect(within(picker).getByRole('button', { name: '14:00' })).toBeTruthy());
    expect(within(picker).queryByRole('button', { name: '09:30' })).toBeNull();
    await userEvent.click(within(picker).getByRole('button', { name: '14:00' }));
    await userEvent.click(within(picker).getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 14:00$/ }));

    await waitFor(() => expect(screen.getByRole('listitem', { name: /14:00 London time · Ada/ })).toBeTruthy());
    expect(screen.queryByRole('listitem', { name: /09:30 London time · Ada/ })).toBeNull();
    expect(fakeApi.calls('POST', `/bookings/${ada.bookingId}/reschedule`)[0].body).toEqual({ slotId: free[1].id });
  });

  it('offers Mark completed and Mark no-show only for a paid appointment whose start has passed', () => {
    const today = dayAhead(barber.timeZone, 0);
    const past = new Date(Date.now() - 2 * 3600_000).toISOString();
    const future = new Date(Date.now() + 2 * 3600_000).toISOString();
    const at = (startsAt: string) => ({ startsAt, endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString() });
    const { row } = dayPage(today, [
      anAppointment(today, '00:00', { customerName: 'Ada', status: 'paid', ...at(past) }),
      anAppointment(today, '00:00', { customerName: 'Bea', status: 'paid', ...at(future) }),
      anAppointment(today, '00:00', { customerName: 'Cal', status: 'pending', ...at(past) }),
    ]);
    expect(within(row(/Ada/)).getByRole('button', { name: /^Mark completed/ })).toBeTruthy();
    expect(within(row(/Ada/)).getByRole('button', { name: /^Mark no-show/ })).toBeTruthy();
    expect(within(row(/Ada/)).queryByRole('button', { name: /^Cancel/ })).toBeNull();
    expect(within(row(/Bea/)).queryByRole('button', { name: /^Mark/ })).toBeNull();
    expect(within(row(/Bea/)).getByRole('button', { name: /^Cancel/ })).toBeTruthy();
    expect(within(row(/Cal/)).queryByRole('button', { name: /^Mark/ })).toBeNull();
  });

  it('states before the click that cancelling a paid appointment refunds it in full, and a hold is just released', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const { row } = dayPage(day, [anAppointment(day, '09:30', { customerName: 'Ada', status: 'paid' }), anAppointment(day, '10:00', { customerName: 'Bea', status: 'pending' })]);
    const cancelPaid = within(row(/Ada/)).getByRole('button', { name: /^Cancel/ });
    expect(document.getElementById(cancelPaid.getAttribute('aria-describedby')!)?.textContent).toBe('Ada has paid: cancelling refunds the payment in full to them.');
    const cancelHold = within(row(/Bea/)).getByRole('button', { name: /^Cancel/ });
    expect(document.getElementById(cancelHold.getAttribute('aria-describedby')!)?.textContent).toBe('Bea has not paid yet: cancelling just releases the hold on this time.');

    await userEvent.click(cancelPaid);
    expect(screen.getByRole('group', { name: 'Cancel Ada, Skin fade?' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(within(row(/Ada/)).getByText('Paid')).toBeTruthy();
  });

  it('chooses the day with a date field and Previous day / Next day, kept in the address', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const { router, queryClient } = dayPage(day, []);
    queryClient.setQueryData(['barber-day', barber.id, addDays(day, 1)], [anAppointment(addDays(day, 1), '09:30', { customerName: 'Eve' })]);
    queryClient.setQueryData(['barber-day', barber.id, addDays(day, -1)], []);
    expect(screen.getByText('Nothing booked on this day.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Day').value).toBe(day);

    await userEvent.click(screen.getByRole('button', { name: 'Next day' }));
    expect(router.state.location.search).toBe(`?date=${addDays(day, 1)}`);
    expect(screen.getByRole('listitem', { name: /Eve/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Previous day' }));
    await userEvent.click(screen.getByRole('button', { name: 'Previous day' }));
    expect(screen.getByLabelText<HTMLInputElement>('Day').value).toBe(addDays(day, -1));
  });

  it('says a lost live connection in a banner, and it goes when the feed is back', async () => {
    const day = dayAhead(barber.timeZone, 3);
    const { feed } = dayPage(day, []);
    act(() => feed().open());
    act(() => feed().drop());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/We lost the connection to the shop/));
    act(() => feed().open());
    await waitFor(() => expect(screen.queryByText(/We lost the connection/)).toBeNull());
  });

  it('shows the "My day" link to a barber only', () => {
    const day = dayAhead(barber.timeZone, 3);
    dayPage(day, []);
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'My day' })).toBeTruthy();
  });

  it('hides "My day" from a customer, and tells them the page is for barbers', () => {
    renderApp('/barber/day', { queryClient: seededQueryClient(), session: aSession() });
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'My day' })).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/This page is for barbers/);
  });

  it('takes a barber who signs in to their day', async () => {
    const queryClient = seededQueryClient();
    queryClient.setQueryData(['barber', barber.id], barber);
    const { router } = renderApp('/sign-in', { queryClient, session: aBarberSession() });
    await waitFor(() => expect(router.state.location.pathname).toBe('/barber/day'));
    expect(screen.getByRole('heading', { name: 'My day', level: 1 })).toBeTruthy();
  });

  it('shows the calendar subscription link (and its webcal:// form) with a copy button, and makes a new one', async () => {
    const day = dayAhead(barber.timeZone, 3);
    dayPage(day, []);
    const section = screen.getByRole('region', { name: 'Your appointments in your calendar' });
    const link = within(section).getByLabelText<HTMLInputElement>('Calendar link');
    expect(link.value).toBe(`${window.location.origin}/barbers/${barber.id}/calendar.ics?key=key-one`);
    expect(within(section).getByRole('link', { name: 'Open in my calendar app' }).getAttribute('href')).toMatch(new RegExp(`^webcal://.*/barbers/${barber.id}/calendar\\.ics\\?key=key-one$`));
    expect(within(section).getByRole('button', { name: 'Copy link' })).toBeTruthy();

    fakeApi.on('POST', '/me/calendar-key', { status: 201, body: { calendarKey: 'key-two' } });
    await userEvent.click(within(section).getByRole('button', { name: 'Make a new link' }));
    expect(within(section).getByText(/The old link stops working at once/)).toBeTruthy();
    await userEvent.click(within(section).getByRole('button', { name: 'Yes, make a new link' }));
    await waitFor(() => expect(link.value).toBe(`${window.location.origin}/barbers/${barber.id}/calendar.ics?key=key-two`));
    expect(fakeApi.calls('POST', '/me/calendar-key')).toHaveLength(1);
  });

  it('says a refused action as the API\'s sentence, never JSON', async () => {
    const today = dayAhead(barber.timeZone, 0);
    const startsAt = new Date(Date.now() - 3600_000).toISOString();
    const appointment = anAppointment(today, '00:00', { startsAt, endsAt: new Date(Date.now() - 1800_000).toISOString() });
    fakeApi.on('POST', `/appointments/${appointment.id}/complete`, {
      status: 409,
      body: { statusCode: 409, code: 'APPOINTMENT_NOT_COMPLETABLE', message: 'Only a paid appointment whose start has passed can be completed.' },
    });
    const { row } = dayPage(today, [appointment]);
    await userEvent.click(within(row(/Ada/)).getByRole('button', { name: /^Mark completed/ }));
    await waitFor(() => expect(within(row(/Ada/)).getByRole('alert').textContent).toBe('Only a paid appointment whose start has passed can be completed.'));
  });
});
