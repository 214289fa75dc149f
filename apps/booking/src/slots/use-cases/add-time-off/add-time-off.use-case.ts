import { CLOCK, Clock } from '@app/platform';
import { AddTimeOffRequest } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { requireScheduleManager } from '../../../barbers/domain/barber-access';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { bookingRepository } from '../../../bookings/persistence/booking.repository';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { isFree, Slot } from '../../domain/slot';
import { BookingInTheWay, SlotBookedError } from '../../domain/slot.errors';
import { TimeOff, validateTimeOff } from '../../domain/time-off';
import { slotChangedPayload } from '../../persistence/slot.mapper';
import { slotRepository } from '../../persistence/slot.repository';
import { timeOffRepository } from '../../persistence/time-off.repository';

/** The bookings holding `slots`, as the barber would name them in the refusal. */
async function bookingsInTheWay(manager: EntityManager, slots: Slot[]): Promise<BookingInTheWay[]> {
  const ids = [...new Set(slots.map((slot) => slot.bookingId).filter((id): id is string => id !== null))];
  const bookings = await bookingRepository.findByIds(manager, ids);
  return bookings
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((booking) => ({
      bookingId: booking.id,
      customerName: booking.customerName,
      serviceName: booking.serviceName,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      timeZone: booking.timeZone,
      paid: booking.status === 'confirmed',
    }));
}

export interface TimeOffAdded extends TimeOff {
  blockedSlots: number;
}

/**
 * Records time off and blocks the free slots inside it. If a held or booked slot overlaps,
 * nothing changes (SLOT_BOOKED): the overlapping slots are locked first, so a booking racing
 * this either finishes before (and is seen) or finds its slot blocked.
 */
@Injectable()
export class AddTimeOffUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(request: AddTimeOffRequest): Promise<TimeOffAdded> {
    requireScheduleManager(request, 'add their time off');
    const range = validateTimeOff(request);
    const now = this.clock.now();

    return this.dataSource.transaction(async (manager) => {
      const barber = await loadBarber(manager, request.barberId);
      await lockBarberSchedule(manager, barber.id);
      const overlapping = await slotRepository.lockOverlapping(manager, barber.id, range.startsAt, range.endsAt);
      const taken = overlapping.filter((slot) => !isFree(slot.status));
      if (taken.length > 0) throw new SlotBookedError(await bookingsInTheWay(manager, taken));

      const timeOff: TimeOff = { id: randomUUID(), barberId: barber.id, ...range, createdAt: now };
      await timeOffRepository.insert(manager, timeOff);
      const blocked = await slotRepository.block(
        manager,
        overlapping.filter((slot) => slot.status === 'available').map((slot) => slot.id),
        now,
      );
      const changed = slotChangedPayload(barber.id, { current: blocked });
      if (changed) await this.outbox.publish(manager, 'slot.changed', changed);
      return { ...timeOff, blockedSlots: blocked.length };
    });
  }
}
