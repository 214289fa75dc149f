import { Actor, Role } from '@app/contracts';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from './common.errors';

const actorSchema = z.object({
  userId: z.uuid(),
  role: z.enum(['customer', 'barber', 'admin']),
  barberId: z.uuid().nullable().optional(),
  name: z.string().max(200).optional().default(''),
  email: z.string().max(320).optional().default(''),
});

/** The gateway always sends who is asking; a request without a usable actor is refused. */
export function parseActor(value: unknown): Actor {
  const result = actorSchema.safeParse(value);
  if (!result.success) throw new UnauthorizedError();
  const { userId, role, barberId, name, email } = result.data;
  return { userId, role, barberId: barberId ?? null, name, email };
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError();
}

/** An admin, or the barber this account belongs to. */
export function canManageBarber(actor: Actor, barberId: string): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'barber':
      return actor.barberId !== null && actor.barberId === barberId;
    case 'customer':
      return false;
  }
}
