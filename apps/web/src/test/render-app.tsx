import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Booking, Service, Slot, User } from '../api/client';
import { AppProvider } from '../app/provider';
import { routes } from '../app/router';
import type { Session } from '../auth/session';
import { localDate } from '../lib/format';
import { fakeEventSources } from './fake-event-source';

/** A query client that never fetches what a test put in its cache. */
export function seededQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false } } });
}

export const customer: User = { id: crypto.randomUUID(), email: 'ada@example.com', name: 'Ada', role: 'customer', barberId: null, active: true };

export function aSession(): Session {
  return { accessToken: 'token-for-tests', user: customer, expiresAt: Date.now() + 3600_000 };
}

/** The whole app at `path`, its live feeds fake (see FakeEventSource), its server state as seeded. */
export function renderApp(path: string, { queryClient, session = null }: { queryClient: QueryClient; session?: Session | null }) {
  const live = fakeEventSources();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProvider queryClient={queryClient} openEventSource={live.open} session={session}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, live, router };
}

/** A day derived from now in the zone: `daysAhead` after today there. */
export function dayAhead(timeZone: string, daysAhead: number): string {
  return localDate(new Date(Date.now() + daysAhead * 24 * 3600_000), timeZone);
}

/** The instant a wall-clock time of a day has in a zone (scanning offsets: no date library). */
export function instantAt(day: string, time: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const guess = Date.UTC(year, month - 1, date, hour, minute);
  for (let offsetMinutes = -14 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
    const candidate = new Date(guess - offsetMinutes * 60_000);
    const shown = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(candidate)
      .replace(',', '');
    if (shown === `${day} ${time}`) return candidate.toISOString();
  }
  throw new Error(`${day} ${time} does not exist in ${timeZone}`);
}

export function aSlot(barberId: string, day: string, time: string, timeZone: string, overrides: Partial<Slot> = {}): Slot {
  const startsAt = instantAt(day, time, timeZone);
  return {
    id: crypto.randomUUID(),
    barberId,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    status: 'available',
    ...overrides,
  };
}

export function aService(overrides: Partial<Service> = {}): Service {
  return { id: crypto.randomUUID(), name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp', active: true, ...overrides };
}

export function aBooking(overrides: Partial<Booking> = {}): Booking {
  const timeZone = overrides.timeZone ?? 'Europe/London';
  const day = dayAhead(timeZone, 3);
  const startsAt = instantAt(day, '10:00', timeZone);
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    customerId: customer.id,
    barberId: crypto.randomUUID(),
    barberName: 'Kim',
    serviceId: crypto.randomUUID(),
    serviceName: 'Skin fade',
    timeZone,
    slotIds: [crypto.randomUUID()],
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    priceCents: 3000,
    currency: 'gbp',
    status: 'pending_payment',
    paymentStatus: 'unpaid',
    holdExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    appointmentId: null,
    cancellationReason: null,
    rescheduledFrom: null,
    checkout: { sessionId: 'cs_test_1', url: 'http://127.0.0.1:12111/checkout/cs_test_1', expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(), lastPaymentError: null },
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
