import { Actor } from '@app/contracts';
import { z } from 'zod';
import { UnauthorizedError } from './common.errors';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
