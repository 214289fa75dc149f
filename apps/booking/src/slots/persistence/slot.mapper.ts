import { PayloadOf, SlotResource } from '@app/contracts';
import { Slot } from '../domain/slot';

export function toSlotResource(slot: Slot): SlotResource {
  return {
    id: slot.id,
    barberId: slot.barberId,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    status: slot.status,
  };
}

/**
 * slot.changed v1 knows four statuses and no "removed": a slot deleted by a template change
 * is announced as `blocked` (no longer bookable), which is what a live view should show
 * until it re-fetches the day.
 */
export function slotChangedPayload(
  barberId: string,
  changed: { current?: Slot[]; removed?: Slot[] },
): PayloadOf<'slot.changed'> | null {
  const slots = [
    ...(changed.removed ?? []).map((slot) => ({ ...toSlotResource(slot), status: 'blocked' as const })),
    ...(changed.current ?? []).map(toSlotResource),
  ];
  return slots.length > 0 ? { barberId, slots } : null;
}
