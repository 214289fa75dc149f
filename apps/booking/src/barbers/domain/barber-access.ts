import { canManageBarber, ForbiddenError, parseActor } from '@app/contracts';
import { isUuid } from '../../shared/domain/input';
import { BarberNotFoundError } from './barber.errors';

/**
 * The guard of everything about one barber's schedule (hours, time off): the request names a
 * barber by UUID and comes from an admin or that barber. Returns the barber's id. `action` ends
 * the refusal: "Only an admin or that barber can <action>."
 */
export function requireScheduleManager(request: { actor?: unknown; barberId?: unknown } | undefined, action: string): string {
  const actor = parseActor(request?.actor);
  if (!isUuid(request?.barberId)) throw new BarberNotFoundError();
  if (!canManageBarber(actor, request.barberId)) throw new ForbiddenError(`Only an admin or that barber can ${action}.`);
  return request.barberId;
}
