import { SlotStatus } from '@app/contracts';

export interface Slot {
  id: string;
  barberId: string;
  startsAt: Date;
  endsAt: Date;
  status: SlotStatus;
  bookingId: string | null;
}

/** Slots a template change may delete and re-create: nobody holds or has booked them. */
export function isFree(status: SlotStatus): boolean {
  switch (status) {
    case 'available':
    case 'blocked':
      return true;
    case 'held':
    case 'booked':
      return false;
  }
}
