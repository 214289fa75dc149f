import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, currentAccessToken, type Schemas } from '../../../api/client';
import { useLiveFeed } from '../../../api/live';
import { localDate } from '../../../lib/format';

export type Appointment = Schemas['AppointmentResponse'];

export const barberKey = (barberId: string) => ['barber', barberId] as const;
export const barberDayKey = (barberId: string, day: string) => ['barber-day', barberId, day] as const;

export function useBarber(barberId: string | null) {
  return useQuery({
    queryKey: barberKey(barberId ?? ''),
    queryFn: () => call(api.GET('/barbers/{id}', { params: { path: { id: barberId ?? '' } } })),
    enabled: barberId !== null,
  });
}

/** The barber's appointments of one day (YYYY-MM-DD in their zone), ordered by start. */
export function useBarberDay(barberId: string, day: string) {
  return useQuery({
    queryKey: barberDayKey(barberId, day),
    queryFn: () => call(api.GET('/appointments', { params: { query: { barberId, date: day } } })),
  });
}

function isAppointment(value: unknown): value is Appointment {
  const candidate = value as Partial<Appointment> | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.status === 'string' &&
    typeof candidate.startsAt === 'string' &&
    typeof candidate.barberId === 'string'
  );
}

/**
 * An appointment change merged into one day: updated in place when it is still on that day, gone
 * from a day it moved away from, added (in start order) to the day it moved to or was created on.
 */
export function mergeAppointmentChange(list: Appointment[] | undefined, change: Appointment, day: string, timeZone: string): Appointment[] | undefined {
  if (!list) return list;
  const onThisDay = localDate(change.startsAt, timeZone) === day;
  const index = list.findIndex((appointment) => appointment.id === change.id);
  if (index < 0 && !onThisDay) return list;
  // A change older than what the page shows (a late message after a re-fetch) is ignored.
  if (index >= 0 && list[index].updatedAt > change.updatedAt) return list;
  const others = list.filter((appointment) => appointment.id !== change.id);
  if (!onThisDay) return others;
  const merged = index >= 0 ? { ...list[index], ...change } : change;
  return [...others, merged].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function applyAppointmentChange(queryClient: QueryClient, barberId: string, timeZone: string, data: unknown): void {
  if (!isAppointment(data) || data.barberId !== barberId) return;
  for (const [key, list] of queryClient.getQueriesData<Appointment[]>({ queryKey: ['barber-day', barberId] })) {
    const day = key[2];
    if (typeof day !== 'string') continue;
    const merged = mergeAppointmentChange(list, data, day, timeZone);
    if (merged !== list) queryClient.setQueryData(key, merged);
  }
}

export function replaceAppointment(queryClient: QueryClient, timeZone: string, appointment: Appointment): void {
  applyAppointmentChange(queryClient, appointment.barberId, timeZone, appointment);
}

/**
 * Follows `/barbers/:id/appointments/live` (the token as `access_token`: EventSource sends no
 * headers) into the cache: no polling. After a lost connection the days are fetched again.
 */
export function useLiveAppointments(barberId: string, timeZone: string | undefined): void {
  const queryClient = useQueryClient();
  const token = currentAccessToken();
  useLiveFeed(
    timeZone && token ? `/barbers/${barberId}/appointments/live?access_token=${encodeURIComponent(token)}` : null,
    { 'appointment.updated': (data) => applyAppointmentChange(queryClient, barberId, timeZone ?? 'UTC', data) },
    () => void queryClient.invalidateQueries({ queryKey: ['barber-day', barberId] }),
  );
}
