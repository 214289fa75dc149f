import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { Barber } from '../../barbers/domain/barber';
import { BarberRow, toBarber } from '../../barbers/persistence/barber.repository';
import { Service } from '../../catalog/domain/service';
import { ServiceRow, toService } from '../../catalog/persistence/service.repository';
import { Slot } from '../../slots/domain/slot';
import { SlotRow, toSlot } from '../../slots/persistence/slot.repository';

/** What a booking request names, as stored now; null where it does not exist. */
export interface BookingRequestSubjects {
  service: Service | null;
  slot: Slot | null;
  /** The slot's barber. */
  barber: Barber | null;
}

const COLUMNS = {
  sv: ['id', 'name', 'duration_minutes', 'price_cents', 'currency', 'active', 'created_at'],
  s: ['id', 'barber_id', 'starts_at', 'ends_at', 'status', 'booking_id'],
  b: ['id', 'name', 'time_zone', 'description', 'active', 'created_at', 'updated_at'],
} as const;

const SELECT = `SELECT ${Object.entries(COLUMNS)
  .flatMap(([alias, columns]) => columns.map((column) => `${alias}.${column} AS ${alias}_${column}`))
  .join(', ')}
  FROM (SELECT 1) AS one
  LEFT JOIN services sv ON sv.id = $2
  LEFT JOIN slots s ON s.id = $1
  LEFT JOIN barbers b ON b.id = s.barber_id`;

function part<Row>(row: Record<string, unknown>, alias: keyof typeof COLUMNS): Row | null {
  if (row[`${alias}_id`] === null) return null;
  return Object.fromEntries(COLUMNS[alias].map((column) => [column, row[`${alias}_${column}`]])) as Row;
}

export const bookingRequestRepository = {
  /**
   * The service, the slot and the slot's barber a booking request names, in one round trip (a
   * booking is the hottest path there is: three separate reads were three round trips).
   */
  async load(manager: EntityManager, slotId: string, serviceId: string): Promise<BookingRequestSubjects> {
    const [row] = await queryRows<Record<string, unknown>>(manager, SELECT, [slotId, serviceId]);
    const service = part<ServiceRow>(row, 'sv');
    const slot = part<SlotRow>(row, 's');
    const barber = part<BarberRow>(row, 'b');
    return {
      service: service && toService(service),
      slot: slot && toSlot(slot),
      barber: barber && toBarber(barber),
    };
  },
};
