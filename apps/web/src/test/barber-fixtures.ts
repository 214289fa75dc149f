import type { Barber, User } from '../api/client';
import type { Session } from '../auth/session';

export const barber: Barber = { id: crypto.randomUUID(), name: 'Kim', timeZone: 'Europe/London', description: null, active: true };

export const barberUser: User = { id: crypto.randomUUID(), email: 'kim@example.com', name: 'Kim', role: 'barber', barberId: barber.id, active: true };

export function aBarberSession(): Session {
  return { accessToken: 'barber-token', user: barberUser, expiresAt: Date.now() + 3600_000 };
}
