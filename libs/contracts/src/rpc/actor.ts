import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors';

/** Who is asking, as the gateway authenticated them. Services use it for ownership rules. */
export type Role = 'customer' | 'barber' | 'admin';

export interface Actor {
  userId: string;
  role: Role;
  /** Set for role `barber`: the barber this account belongs to. */
  barberId: string | null;
  name: string;
  email: string;
}

/** Every RPC request carries the correlation id of the HTTP request that caused it. */
export interface RpcMeta {
  correlationId?: string;
}

/** The actor as requests carry it (RPC request schemas use it; parseActor turns a bad one into UNAUTHORIZED). */
export const actorSchema = z.object({
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

/** An admin, or the barber this account belongs to: who manages a barber's schedule and day. */
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
