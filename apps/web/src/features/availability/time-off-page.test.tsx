// First: it replaces fetch before the API client is made.
import { fakeApi } from '../../test/fake-api';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { aBarberSession, barber } from '../../test/barber-fixtures';
import { dayAhead, instantAt, renderApp, seededQueryClient } from '../../test/render-app';
import { instantInZone } from './zone-time';

function timeOffPage(list: unknown[]) {
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['barber', barber.id], barber);
  queryClient.setQueryData(['time-off', barber.id], list);
  return renderApp('/barber/time-off', { queryClient, session: aBarberSession() });
}

const aTimeOff = (day: string, reason: string | null) => ({
  id: crypto.randomUUID(),
  barberId: barber.id,
  startsAt: instantAt(day, '09:00', barber.timeZone),
  endsAt: instantAt(day, '17:00', barber.timeZone),
  reason,
  blockedSlots: 16,
});

afterEach(() => fakeApi.reset());

describe('time off', () => {
  it('lists future time off in London time, and removes one', async () => {
    const day = dayAhead(barber.timeZone, 5);
    const dentist = aTimeOff(day, 'Dentist');
    fakeApi.on('DELETE', `/barbers/${barber.id}/time-off/${dentist.id}`, { status: 204 });
    timeOffPage([dentist]);
    const item = screen.getByRole('listitem', { name: 'Dentist' });
    expect(item.textContent).toMatch(/09:00 London time to 17:00 London time/);
    expect(item.textContent).toMatch(/16 free times blocked/);
    await userEvent.click(within(item).getByRole('button', { name: 'Remove time off: Dentist' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Dentist' })).toBeNull());
    expect(screen.getByText('No time off planned.')).toBeTruthy();
  });

  it('adds time off given in the barber\'s zone', async () => {
    const day = dayAhead(barber.timeZone, 5);
    fakeApi.on('POST', `/barbers/${barber.id}/time-off`, ({ body }) => ({ status: 201, body: { id: crypto.randomUUID(), barberId: barber.id, blockedSlots: 4, ...(body as object) } }));
    timeOffPage([]);
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: `${day}T13:00` } });
    fireEvent.change(screen.getByLabelText('Ends'), { target: { value: `${day}T15:00` } });
    await userEvent.type(screen.getByLabelText('Reason (optional)'), 'School run');
    await userEvent.click(screen.getByRole('button', { name: 'Add time off' }));
    await screen.findByRole('listitem', { name: 'School run' });
    expect(fakeApi.calls('POST', `/barbers/${barber.id}/time-off`)[0].body).toEqual({
      startsAt: instantAt(day, '13:00', barber.timeZone),
      endsAt: instantAt(day, '15:00', barber.timeZone),
      reason: 'School run',
    });
    expect(screen.getByText(/4 free times blocked\./)).toBeTruthy();
  });

  it('shows the 409 sentence that names the booking in the way', async () => {
    const day = dayAhead(barber.timeZone, 5);
    const message = "10:00–10:30 on Tue 8 Dec (Europe/London) is booked by Sam's booking; cancel or move it first";
    fakeApi.on('POST', `/barbers/${barber.id}/time-off`, { status: 409, body: { statusCode: 409, code: 'SLOT_BOOKED', message } });
    timeOffPage([]);
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: `${day}T09:00` } });
    fireEvent.change(screen.getByLabelText('Ends'), { target: { value: `${day}T17:00` } });
    await userEvent.click(screen.getByRole('button', { name: 'Add time off' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(message));
  });

  it('says what to fix when the end is not after the start, without asking the API', async () => {
    const day = dayAhead(barber.timeZone, 5);
    timeOffPage([]);
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: `${day}T15:00` } });
    fireEvent.change(screen.getByLabelText('Ends'), { target: { value: `${day}T13:00` } });
    await userEvent.click(screen.getByRole('button', { name: 'Add time off' }));
    expect(screen.getByRole('alert').textContent).toBe('The end must be after the start.');
    expect(fakeApi.calls('POST')).toHaveLength(0);
  });

  it('reads a wall-clock time in the zone, the first of a repeated hour, none for a skipped one', () => {
    const day = dayAhead('Europe/London', 5);
    expect(instantInZone(`${day}T09:30`, 'Europe/London')).toBe(instantAt(day, '09:30', 'Europe/London'));
    expect(instantInZone(`${day}T09:30`, 'America/New_York')).toBe(instantAt(day, '09:30', 'America/New_York'));
    expect(instantInZone('not a time', 'Europe/London')).toBeNull();
  });
});
