import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Barber } from '../../../api/client';
import { aService, aSession, aSlot, dayAhead, renderApp, seededQueryClient } from '../../../test/render-app';

const ZONE = 'Europe/London';

function aDayWithTimes() {
  const barber: Barber = { id: crypto.randomUUID(), name: 'Kim', timeZone: ZONE, description: null, active: true };
  const service = aService();
  const day = dayAhead(ZONE, 3);
  const slots = ['09:00', '09:30', '10:00'].map((time) => aSlot(barber.id, day, time, ZONE));
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['barber', barber.id], barber);
  queryClient.setQueryData(['services'], [service]);
  queryClient.setQueryData(['slots', barber.id, day], slots);
  return { barber, service, day, slots, queryClient, path: `/barbers/${barber.id}/services/${service.id}?day=${day}` };
}

const freeTimes = () => within(screen.getByRole('list', { name: 'Free times' })).getAllByRole('button').map((button) => button.textContent);

describe('the free times of a day, live', () => {
  it('lists the free times by their local start, in the barber’s zone, named', () => {
    const { path, queryClient } = aDayWithTimes();
    renderApp(path, { queryClient });
    expect(freeTimes()).toEqual(['09:00', '09:30', '10:00']);
    expect(screen.getByRole('heading', { name: /Free times on .* \(London time\)/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous day' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next day' })).toBeTruthy();
    expect(screen.getByLabelText('Day')).toHaveProperty('type', 'date');
  });

  it('takes away a time someone else holds the moment its change arrives, and brings back one released', async () => {
    const { barber, path, queryClient, slots } = aDayWithTimes();
    const { live } = renderApp(path, { queryClient });
    const feed = live.latest(`/barbers/${barber.id}/slots/live`);
    act(() => feed.open());

    act(() => feed.push('slot.updated', { ...slots[1], status: 'held' }));
    await waitFor(() => expect(freeTimes()).toEqual(['09:00', '10:00']));

    act(() => feed.push('slot.updated', { ...slots[1], status: 'available' }));
    await waitFor(() => expect(freeTimes()).toEqual(['09:00', '09:30', '10:00']));
  });

  it('adds a time freed on this day that it did not know, in start order, and ignores other barbers’ days', async () => {
    const { barber, day, path, queryClient } = aDayWithTimes();
    const { live } = renderApp(path, { queryClient });
    const feed = live.latest(`/barbers/${barber.id}/slots/live`);
    act(() => feed.push('slot.updated', aSlot(barber.id, day, '09:45', ZONE)));
    act(() => feed.push('slot.updated', aSlot(barber.id, dayAhead(ZONE, 4), '11:00', ZONE)));
    await waitFor(() => expect(freeTimes()).toEqual(['09:00', '09:30', '09:45', '10:00']));
  });

  it('tells the customer when the time they chose is taken meanwhile, and lets them choose again', async () => {
    const { barber, path, queryClient, slots } = aDayWithTimes();
    const { live } = renderApp(path, { queryClient, session: aSession() });
    await userEvent.click(screen.getByRole('button', { name: '09:30' }));
    expect(screen.getByRole('button', { name: '09:30' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Book' })).toBeTruthy();

    act(() => live.latest(`/barbers/${barber.id}/slots/live`).push('slot.updated', { ...slots[1], status: 'held' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Someone has just taken 09:30. Please pick another time.');
    expect(screen.queryByRole('button', { name: 'Book' })).toBeNull();
    expect(freeTimes()).toEqual(['09:00', '10:00']);
  });

  it('asks a signed-out customer to sign in right where the choice is, keeping it', async () => {
    const { path, queryClient } = aDayWithTimes();
    renderApp(path, { queryClient });
    await userEvent.click(screen.getByRole('button', { name: '10:00' }));
    expect(screen.getByRole('heading', { name: 'Sign in to book' })).toBeTruthy();
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Your choice' }).textContent).toMatch(/Skin fade with Kim, .*10:00 London time\. £30\.00/);
  });

  it('shows a banner while the live feed is lost, and clears it when it reconnects', () => {
    const { barber, path, queryClient } = aDayWithTimes();
    const { live } = renderApp(path, { queryClient });
    const feed = live.latest(`/barbers/${barber.id}/slots/live`);
    act(() => feed.open());
    act(() => feed.drop());
    expect(screen.getByRole('alert').textContent).toMatch(/lost the connection/);
    act(() => feed.open());
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
