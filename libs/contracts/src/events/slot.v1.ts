import { z } from 'zod';
import { id, instant, slotStatus } from './common';

/** One or more slots of one barber changed status (for live feeds). */
export const slotChangedV1 = z.object({
  barberId: id,
  slots: z
    .array(z.object({ id, barberId: id, startsAt: instant, endsAt: instant, status: slotStatus }))
    .min(1),
});
