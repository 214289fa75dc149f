// First: it replaces fetch before the API client is made.
import { fakeApi } from '../../test/fake-api';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { aBarberSession, barber } from '../../test/barber-fixtures';
import { dayAhead, renderApp, seededQueryClient } from '../../test/render-app';
import { fromForm } from './weekly-hours-form';

const template = {
  barberId: barber.id,
  slotMinutes: 30,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
};

function hoursPage() {
  const queryClient = seededQueryClient();
  queryClient.setQueryData(['barber', barber.id], barber);
  queryClient.setQueryData(['availability', barber.id], template);
  return renderApp('/barber/hours', { queryClient, session: aBarberSession() });
}

const weekday = (name: string) => screen.getByRole('group', { name });

afterEach(() => fakeApi.reset());

describe('the weekly hours editor', () => {
  it('shows the current template per weekday, a day without hours as a day off', () => {
    hoursPage();
    expect(screen.getByRole('heading', { name: 'My weekly hours', level: 1 })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Slot length (minutes)').value).toBe('30');
    const monday = weekday('Monday');
    expect(within(monday).getByLabelText<HTMLInputElement>('From').value).toBe('09:00');
    expect(within(monday).getByLabelText<HTMLInputElement>('To').value).toBe('17:00');
    expect(within(weekday('Sunday')).getByText('Day off')).toBeTruthy();
  });

  it('shows a preview of what will change before saving, says booked appointments are never touched, then saves', async () => {
    const day = dayAhead(barber.timeZone, 3);
    fakeApi.on('POST', `/barbers/${barber.id}/availability/preview`, {
      status: 200,
      body: { barberId: barber.id, slotsAdded: 0, slotsRemoved: 12, heldOrBookedKept: 1, days: [{ date: day, added: 0, removed: 12, kept: 1 }] },
    });
    fakeApi.on('PUT', `/barbers/${barber.id}/availability`, ({ body }) => ({ status: 200, body: { barberId: barber.id, ...(body as object), slotsRemoved: 12, slotsCreated: 0 } }));
    hoursPage();
    expect(screen.queryByRole('button', { name: 'Save hours' })).toBeNull();

    const wednesday = weekday('Wednesday');
    await userEvent.clear(within(wednesday).getByLabelText('To'));
    await userEvent.type(within(wednesday).getByLabelText('To'), '11:00');
    await userEvent.click(screen.getByRole('button', { name: 'Preview changes' }));

    const preview = await screen.findByRole('region', { name: 'What saving changes' });
    expect(preview.textContent).toMatch(/0 free times added, 12 free times removed/);
    expect(preview.textContent).toMatch(/Booked appointments are never touched\. 1 booked or held time falls outside the new hours and is kept as it is\./);
    expect(within(preview).getByRole('table', { name: 'Changes by day' })).toBeTruthy();
    const sent = fakeApi.calls('POST', `/barbers/${barber.id}/availability/preview`)[0].body as { weekly: Array<{ weekday: number; end: string }> };
    expect(sent.weekly.find((range) => range.weekday === 3)?.end).toBe('11:00');
    expect(fakeApi.calls('PUT')).toHaveLength(0);

    await userEvent.click(within(preview).getByRole('button', { name: 'Save hours' }));
    await screen.findByText(/Saved\. 0 free times created and 12 removed; booked appointments were not touched\./);
    expect(fakeApi.calls('PUT', `/barbers/${barber.id}/availability`)[0].body).toEqual(sent);
    expect(screen.queryByRole('region', { name: 'What saving changes' })).toBeNull();
  });

  it('asks for a fresh preview after an edit: the Save of an old preview goes', async () => {
    fakeApi.on('POST', `/barbers/${barber.id}/availability/preview`, { status: 200, body: { barberId: barber.id, slotsAdded: 16, slotsRemoved: 0, heldOrBookedKept: 0, days: [] } });
    hoursPage();
    await userEvent.click(within(weekday('Saturday')).getByRole('button', { name: 'Add hours on Saturday' }));
    await userEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    await screen.findByRole('button', { name: 'Save hours' });
    expect(screen.getByText(/None fall outside the new hours/)).toBeTruthy();
    await userEvent.click(within(weekday('Saturday')).getByRole('button', { name: 'Remove Saturday hours 1' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save hours' })).toBeNull());
  });

  it("says the API's refusal as its sentence", async () => {
    fakeApi.on('POST', `/barbers/${barber.id}/availability/preview`, {
      status: 400,
      body: { statusCode: 400, code: 'INVALID_AVAILABILITY', message: 'The hours on Tuesday overlap.' },
    });
    hoursPage();
    await userEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The hours on Tuesday overlap.'));
  });

  it('says what to fix before asking the API: an end before its start, overlapping ranges', () => {
    const days = (ranges: Array<[number, string, string]>) => {
      const byDay: Record<number, Array<{ key: string; start: string; end: string }>> = {};
      ranges.forEach(([day, start, end], index) => (byDay[day] ??= []).push({ key: String(index), start, end }));
      return byDay;
    };
    expect(fromForm({ slotMinutes: '30', days: days([[2, '17:00', '09:00']]) })).toBe('On Tuesday, 17:00–09:00 ends before it starts.');
    expect(fromForm({ slotMinutes: '30', days: days([[1, '09:00', '13:00'], [1, '12:00', '17:00']]) })).toBe('The hours on Monday overlap; make them one range or move one.');
    expect(fromForm({ slotMinutes: '0', days: {} })).toBe('The slot length must be a whole number of minutes from 5 to 240.');
    expect(fromForm({ slotMinutes: '45', days: days([[5, '18:00', '00:00']]) })).toEqual({ slotMinutes: 45, weekly: [{ weekday: 5, start: '18:00', end: '24:00' }] });
  });
});
