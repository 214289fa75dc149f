import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, type Slot } from './client';
import { useLiveFeed } from './live';
import { localDate } from '../lib/format';

export const daySlotsKey = (barberId: string, day: string) => ['slots', barberId, day] as const;

/** One day's slots of a barber (a YYYY-MM-DD in the barber's zone), kept current by the live feed. */
export function useDaySlots(barberId: string, day: string | null) {
  return useQuery({
    queryKey: daySlotsKey(barberId, day ?? ''),
    queryFn: () => call(api.GET('/barbers/{id}/slots', { params: { path: { id: barberId }, query: { date: day ?? '' } } })),
    enabled: day !== null,
  });
}

function isSlotChange(value: unknown): value is Pick<Slot, 'id' | 'status'> & Partial<Slot> {
  const candidate = value as Partial<Slot> | null;
  return typeof candidate?.id === 'string' && typeof candidate.status === 'string';
}

/**
 * A slot change merged into one day's slots: the slot updated in place; a slot the day did not
 * have yet (it starts that day in the barber's zone) added in start order; other days untouched.
 */
export function mergeSlotChange(slots: Slot[] | undefined, change: Pick<Slot, 'id' | 'status'> & Partial<Slot>, day: string, timeZone: string): Slot[] | undefined {
  if (!slots) return slots;
  const index = slots.findIndex((slot) => slot.id === change.id);
  if (index >= 0) {
    const next = [...slots];
    next[index] = { ...slots[index], ...change };
    return next;
  }
  if (!change.startsAt || !change.endsAt || !change.barberId || localDate(change.startsAt, timeZone) !== day) return slots;
  return [...slots, change as Slot].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function applySlotChange(queryClient: QueryClient, barberId: string, timeZone: string, data: unknown): void {
  if (!isSlotChange(data)) return;
  for (const [key, slots] of queryClient.getQueriesData<Slot[]>({ queryKey: ['slots', barberId] })) {
    const day = key[2];
    if (typeof day !== 'string') continue;
    const merged = mergeSlotChange(slots, data, day, timeZone);
    if (merged !== slots) queryClient.setQueryData(key, merged);
  }
}

/** Follows `/barbers/:id/slots/live` while mounted; on a reconnect, re-fetches the barber's days. */
export function useLiveSlots(barberId: string, timeZone: string | undefined): void {
  const queryClient = useQueryClient();
  useLiveFeed(
    timeZone ? `/barbers/${barberId}/slots/live` : null,
    { 'slot.updated': (data) => applySlotChange(queryClient, barberId, timeZone ?? 'UTC', data) },
    () => void queryClient.invalidateQueries({ queryKey: ['slots', barberId] }),
  );
}
