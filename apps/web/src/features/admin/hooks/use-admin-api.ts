import { useQuery } from '@tanstack/react-query';
import { api, call, type Barber, type BookingStatus, type Schemas, type Service, type User } from '../../../api/client';

/** Query keys of the console, under one root so a sign-out or a change can drop them together. */
export const adminKeys = {
  all: ['admin'] as const,
  barbers: ['admin', 'barbers'] as const,
  services: ['admin', 'services'] as const,
  staff: ['admin', 'staff'] as const,
  bookings: (filters: BookingFilters) => ['admin', 'bookings', filters] as const,
  attention: ['admin', 'attention'] as const,
  deadLetters: ['admin', 'dead-letters'] as const,
  health: ['admin', 'health'] as const,
};

export interface BookingFilters {
  status?: BookingStatus;
  barberId?: string;
  /** Instants (ISO) the filter's days start at. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function useAdminBookings(filters: BookingFilters) {
  return useQuery({
    queryKey: adminKeys.bookings(filters),
    queryFn: () => call(api.GET('/bookings', { params: { query: filters } })),
    placeholderData: (previous) => previous,
  });
}

export function useAttention() {
  return useQuery({ queryKey: adminKeys.attention, queryFn: () => call(api.GET('/admin/attention')) });
}

export function useDeadLetters() {
  return useQuery({ queryKey: adminKeys.deadLetters, queryFn: () => call(api.GET('/admin/dlq')), staleTime: 0 });
}

export interface HealthComponent {
  name: string;
  up: boolean;
  message: string | null;
}

export interface HealthReport {
  healthy: boolean;
  components: HealthComponent[];
}

interface TerminusReport {
  status?: string;
  info?: Record<string, { status?: string; message?: string }> | null;
  error?: Record<string, { status?: string; message?: string }> | null;
  details?: Record<string, { status?: string; message?: string }> | null;
}

/** GET /health's body, 200 or 503 alike: a 503 names what is down, it is not a failure of this page. */
export function readHealthReport(body: unknown, status: number): HealthReport {
  const report = (typeof body === 'object' && body !== null ? body : {}) as TerminusReport;
  const details = report.details ?? { ...(report.info ?? {}), ...(report.error ?? {}) };
  const components = Object.entries(details).map(([name, detail]) => ({
    name,
    up: detail.status === 'up',
    message: typeof detail.message === 'string' ? detail.message : null,
  }));
  return { healthy: status === 200 && components.every((component) => component.up), components };
}

export function useHealth() {
  return useQuery({
    queryKey: adminKeys.health,
    staleTime: 0,
    queryFn: async () => {
      const request = api.GET('/health');
      // No answer at all, or one that is neither 200 nor 503: call() throws the sentence for it.
      const answer = await request.catch(() => call(request).then(() => null));
      if (answer === null) throw new Error('unreachable');
      const { status } = answer.response;
      if (status !== 200 && status !== 503) await call(request);
      return readHealthReport(answer.data ?? answer.error, status);
    },
  });
}

/** Admins see inactive barbers too (hidden from customers). */
export function useAdminBarbersIncludingInactive() {
  return useQuery({ queryKey: adminKeys.barbers, queryFn: () => call(api.GET('/barbers', { params: { query: { includeInactive: true } } })) });
}

/** Admins see retired services too (off the price list). */
export function useAdminServicesIncludingInactive() {
  return useQuery({ queryKey: adminKeys.services, queryFn: () => call(api.GET('/services', { params: { query: { includeInactive: true } } })) });
}

export function useStaff() {
  return useQuery({ queryKey: adminKeys.staff, queryFn: () => call(api.GET('/admin/users')) });
}

export function updateBarber(id: string, body: Schemas['UpdateBarberDto']): Promise<Barber> {
  return call(api.PATCH('/barbers/{id}', { params: { path: { id } }, body }));
}

export function updateService(id: string, body: Schemas['UpdateServiceDto']): Promise<Service> {
  return call(api.PATCH('/services/{id}', { params: { path: { id } }, body }));
}

export function updateStaffAccount(id: string, body: Schemas['UpdateStaffUserDto']): Promise<User> {
  return call(api.PATCH('/admin/users/{id}', { params: { path: { id } }, body }));
}
