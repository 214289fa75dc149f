import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, currentAccessToken, type Booking } from '../../../api/client';
import { useLiveFeed } from '../../../api/live';

export const bookingKey = (bookingId: string) => ['booking', bookingId] as const;

export function useBooking(bookingId: string, enabled: boolean) {
  return useQuery({
    queryKey: bookingKey(bookingId),
    queryFn: () => call(api.GET('/bookings/{id}', { params: { path: { id: bookingId } } })),
    enabled,
  });
}

/** The fields a `booking.updated` message may carry, merged over the booking the page shows. */
const LIVE_FIELDS = ['status', 'paymentStatus', 'startsAt', 'endsAt', 'slotIds', 'appointmentId', 'holdExpiresAt', 'cancellationReason', 'rescheduledFrom'] as const;

export function mergeBookingChange(booking: Booking | undefined, change: unknown): Booking | undefined {
  const data = change as Partial<Record<string, unknown>> | null;
  if (!booking || !data || data.id !== booking.id) return booking;
  const merged: Record<string, unknown> = { ...booking };
  for (const field of LIVE_FIELDS) if (data[field] !== undefined) merged[field] = data[field];
  // A declined card arrives as `checkout: {sessionId, lastPaymentError}`: the same session stays
  // open (its url too), now with the sentence to show; `checkout: null` means it is over.
  const checkout = data.checkout as Partial<NonNullable<Booking['checkout']>> | null | undefined;
  if (checkout === null) merged.checkout = null;
  else if (checkout && booking.checkout && (checkout.sessionId === undefined || checkout.sessionId === booking.checkout.sessionId)) {
    merged.checkout = { ...booking.checkout, ...checkout };
  }
  return merged as unknown as Booking;
}

export function applyBookingChange(queryClient: QueryClient, bookingId: string, change: unknown): void {
  const current = queryClient.getQueryData<Booking>(bookingKey(bookingId));
  const merged = mergeBookingChange(current, change);
  if (merged !== current) queryClient.setQueryData(bookingKey(bookingId), merged);
}

/**
 * Follows `/bookings/:id/live` (EventSource sends the token as `access_token`); re-fetches once the
 * feed is open (the page subscribes after its first GET: an expiry pushed in between is not lost)
 * and after a reconnect.
 */
export function useLiveBooking(bookingId: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  const token = currentAccessToken();
  useLiveFeed(
    enabled && token ? `/bookings/${bookingId}/live?access_token=${encodeURIComponent(token)}` : null,
    { 'booking.updated': (data) => applyBookingChange(queryClient, bookingId, data) },
    () => void queryClient.invalidateQueries({ queryKey: bookingKey(bookingId) }),
    { resyncOnFirstOpen: true },
  );
}
