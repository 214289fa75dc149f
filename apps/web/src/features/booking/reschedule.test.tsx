// First: it replaces fetch before the API client is made.
import { fakeApi } from '../../test/fake-api';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking, Slot } from '../../api/client';
import { localDate } from '../../lib/format';
import { aBooking, aSession, aSlot, dayAhead, instantAt, renderApp, seededQueryClient } from '../../test/render-app';

const ZONE = 'Europe/London';

function serverSays(name: string, value: number): void {
  const meta = document.createElement('meta');
  meta.name = `barbershop:${name}`;
  meta.content = String(value);
  document.head.append(meta);
}

afterEach(() => {
  fakeApi.reset();
  document.head.querySelectorAll('meta').forEach((meta) => meta.remove());
});

/** A paid booking 3 days ahead at 10:00 London time, its day's slots (10:00 its own, booked) in the cache. */
function bookingPage(overrides: Partial<Booking> = {}) {
  const day = dayAhead(ZONE, 3);
  const booking = aBooking({ status: 'confirmed', paymentStatus: 'paid', timeZone: ZONE, ...overrides });
  const slots: Slot[] = ['09:00', '10:00', '11:00', '11:30'].map((time) =>
    aSlot(booking.barberId, day, time, ZONE, time === '10:00' ? { id: booking.slotIds[0], status: 'booked' } : {}),
  );
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['booking', booking.id], booking);
  queryClient.setQueryData(['slots', booking.barberId, day], slots);
  fakeApi.on('GET', `/barbers/${booking.barberId}/slots`, { status: 200, body: slots });
  const view = renderApp(`/bookings/${booking.id}`, { queryClient, session: aSession() });
  const bookingFeed = () => view.live.latest(`/bookings/${booking.id}/live`);
  const slotFeed = () => view.live.latest(`/barbers/${booking.barberId}/slots/live`);
  return { ...view, booking, day, slots, queryClient, bookingFeed, slotFeed };
}

const offeredTimes = () => within(screen.getByRole('list', { name: 'Free times' })).getAllByRole('button').map((button) => button.textContent);

function movedTo(booking: Booking, slot: Slot): Booking {
  return {
    ...booking,
    slotIds: [slot.id],
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt },
    updatedAt: new Date().toISOString(),
  };
}

describe('rescheduling from the booking page', () => {
  it('offers Reschedule while the booking can be moved online, saying until when before the click', () => {
    bookingPage();
    const reschedule = screen.getByRole('button', { name: 'Reschedule' });
    const said = document.getElementById(reschedule.getAttribute('aria-describedby') ?? '')?.textContent;
    // 24 hours (the default window) before a start 3 days ahead.
    expect(said).toMatch(/^You can move this booking online until \w{3} \d{1,2} \w{3}, \d\d:\d\d London time\.$/);
  });

  it('inside the reschedule window the gateway tells, says to contact the shop and offers no Reschedule', () => {
    serverSays('reschedule-window-hours', 96);
    bookingPage();
    expect(screen.queryByRole('button', { name: 'Reschedule' })).toBeNull();
    expect(screen.getByText(/can be moved online until 96 hours before they start.*Please contact the shop to change it\./)).toBeTruthy();
  });

  it('offers nothing to move for a cancelled booking', () => {
    bookingPage({ status: 'cancelled', paymentStatus: 'refunded' });
    expect(screen.queryByRole('button', { name: 'Reschedule' })).toBeNull();
    expect(screen.queryByText(/move this booking/)).toBeNull();
  });

  it('picks another time of the same day, confirms with an Idempotency-Key, and shows the new time', async () => {
    const { booking, slots } = bookingPage();
    const target = slots[2];
    fakeApi.on('POST', `/bookings/${booking.id}/reschedule`, { status: 200, body: movedTo(booking, target) });

    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    const picker = screen.getByRole('region', { name: 'Pick a new time' });
    // Its own time is not free; the others are, by their local start.
    expect(offeredTimes()).toEqual(['09:00', '11:00', '11:30']);
    await userEvent.click(within(picker).getByRole('button', { name: '11:00' }));
    await userEvent.click(within(picker).getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 11:00$/ }));

    await waitFor(() => expect(screen.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 11:00 London time — was 10:00$/)).toBeTruthy());
    expect(screen.getByText(/11:00 London time/, { selector: 'time' })).toBeTruthy();
    const [sent] = fakeApi.calls('POST', `/bookings/${booking.id}/reschedule`);
    expect(sent.body).toEqual({ slotId: target.id });
    expect(sent.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByRole('region', { name: 'Pick a new time' })).toBeNull();
  });

  it('only offers times followed by enough free time for the booking’s length', async () => {
    const startsAt = instantAt(dayAhead(ZONE, 3), '10:00', ZONE);
    bookingPage({ startsAt, endsAt: new Date(new Date(startsAt).getTime() + 60 * 60_000).toISOString() });
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    // An hour: 11:00 then 11:30 are free; nothing free follows 09:00 (its 09:30 is not there) or 11:30.
    expect(offeredTimes()).toEqual(['11:00']);
  });

  it('says a refusal as the API’s sentence with what to do next, and lets the customer pick again', async () => {
    const { booking, slots } = bookingPage();
    fakeApi.on('POST', `/bookings/${booking.id}/reschedule`, {
      status: 409,
      body: { statusCode: 409, code: 'SLOT_UNAVAILABLE', message: 'That time is no longer available.' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    await userEvent.click(screen.getByRole('button', { name: '11:30' }));
    await userEvent.click(screen.getByRole('button', { name: /^Move to / }));

    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('That time is no longer available. The free times shown are up to date: please pick another.'),
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Confirmed');
    expect(screen.queryByText(/^Moved to/)).toBeNull();
    // The refused choice is cleared; the free times are fetched again.
    expect(screen.queryByRole('button', { name: /^Move to / })).toBeNull();
    await waitFor(() => expect(fakeApi.calls('GET', `/barbers/${booking.barberId}/slots`)).toHaveLength(1));
    expect(slots).toHaveLength(4);
  });

  it('says a booking that can no longer be moved as the API’s sentence', async () => {
    const { booking } = bookingPage();
    const sentence = 'Bookings can be moved online until 24 hours before they start; please contact the barbershop to change this one.';
    fakeApi.on('POST', `/bookings/${booking.id}/reschedule`, { status: 409, body: { statusCode: 409, code: 'BOOKING_NOT_RESCHEDULABLE', message: sentence } });
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    await userEvent.click(screen.getByRole('button', { name: '09:00' }));
    await userEvent.click(screen.getByRole('button', { name: /^Move to / }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(sentence));
  });

  it('takes away a time someone else takes while the picker shows it (the slot feed)', async () => {
    const { slots, slotFeed } = bookingPage();
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    act(() => slotFeed().open());
    act(() => slotFeed().push('slot.updated', { ...slots[3], status: 'held' }));
    await waitFor(() => expect(offeredTimes()).toEqual(['09:00', '11:00']));
  });

  it('hides times sooner than the minimum notice the gateway tells', async () => {
    // A notice reaching an hour past 09:00 of the booking's day: 09:00 is too soon, 11:00 is not.
    const nineOClock = new Date(instantAt(dayAhead(ZONE, 3), '09:00', ZONE)).getTime();
    serverSays('min-notice-minutes', Math.ceil((nineOClock - Date.now()) / 60_000) + 60);
    bookingPage();
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    expect(offeredTimes()).toEqual(['11:00', '11:30']);
  });

  it('moves to another day chosen with Next day, the date field and Previous day', async () => {
    const { booking, day, queryClient } = bookingPage();
    const nextDay = dayAhead(ZONE, 4);
    queryClient.setQueryData(['slots', booking.barberId, nextDay], [aSlot(booking.barberId, nextDay, '14:00', ZONE)]);
    await userEvent.click(screen.getByRole('button', { name: 'Reschedule' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next day' }));
    expect(screen.getByLabelText('Day')).toHaveProperty('value', nextDay);
    expect(offeredTimes()).toEqual(['14:00']);
    await userEvent.click(screen.getByRole('button', { name: 'Previous day' }));
    expect(offeredTimes()).toEqual(['09:00', '11:00', '11:30']);
    fireEvent.change(screen.getByLabelText('Day'), { target: { value: nextDay } });
    expect(offeredTimes()).toEqual(['14:00']);
    expect(localDate(booking.startsAt, ZONE)).toBe(day);
  });

  it('shows the new time when the move arrives over the live feed', async () => {
    const { booking, slots, bookingFeed } = bookingPage();
    const target = slots[3];
    act(() =>
      bookingFeed().push('booking.updated', {
        id: booking.id,
        startsAt: target.startsAt,
        endsAt: target.endsAt,
        slotIds: [target.id],
        rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt },
      }),
    );
    await waitFor(() => expect(screen.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 11:30 London time — was 10:00$/)).toBeTruthy());
    expect(screen.getByText(/11:30 London time/, { selector: 'time' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Confirmed');
  });
});
