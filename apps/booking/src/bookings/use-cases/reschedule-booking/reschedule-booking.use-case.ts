import { Clock, CLOCK, isConstraintViolation } from '@app/platform';
import { Actor, DomainError, ForbiddenError, parseActor, RescheduleBookingRequest } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BOOKING_CONFIG, BookingConfig } from '../../../booking.config';
import { lockBarberSchedule, lockIdempotencyKey } from '../../../shared/persistence/sql';
import { SlotNotFoundError } from '../../../slots/domain/slot.errors';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { slotRepository } from '../../../slots/persistence/slot.repository';
import { ReleaseBookingSlotsUseCase } from '../../../slots/use-cases/release-booking-slots/release-booking-slots.use-case';
import { assertReschedulable, Booking, reschedule } from '../../domain/booking';
import { canAccessBooking } from '../../domain/booking-access';
import { RescheduleBookingCommand, validateRescheduleBooking } from '../../domain/booking-request';
import {
  BookingNotFoundError,
  IdempotencyKeyReusedError,
  ServiceDoesNotFitError,
  SlotInPastError,
  SlotTooSoonError,
  SlotUnavailableError,
} from '../../domain/booking.errors';
import { selectSlotChain } from '../../domain/slot-chain';
import { bookingRescheduledPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';

class SlotOfAnotherBarberError extends DomainError {
  constructor() {
    super('SLOT_UNAVAILABLE', "That time is another barber's: a booking moves only to other times of its own barber.");
  }
}

/** Idempotency keys of reschedules live beside those of new bookings: prefix them apart. */
const KEY_SPACE = 'reschedule:';

/**
 * DESIGN §6.7: moves a pending or confirmed booking to other slots of its barber, for as long
 * as it lasts, in one transaction — the new slots taken (held for a pending booking, booked for
 * a confirmed one), the old ones released, the booking's times and slot list rewritten,
 * booking.rescheduled and slot.changed in the outbox — or nothing changes. Price, payment and
 * the end of a pending booking's hold carry over. Lock order as everywhere: the booking row,
 * the barber's schedule, the slots (in start order); the same database constraints that refuse
 * a double booking refuse a move into a taken time (SLOT_UNAVAILABLE).
 */
@Injectable()
export class RescheduleBookingUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
    private readonly outbox: OutboxWriter,
    private readonly releaseSlots: ReleaseBookingSlotsUseCase,
  ) {}

  async execute(request: RescheduleBookingRequest): Promise<Booking> {
    const actor = parseActor(request?.actor);
    const command = validateRescheduleBooking(request);
    try {
      return await this.dataSource.transaction((manager) => this.move(manager, actor, command));
    } catch (error) {
      if (isConstraintViolation(error)) throw new SlotUnavailableError();
      throw error;
    }
  }

  private async move(manager: EntityManager, actor: Actor, command: RescheduleBookingCommand): Promise<Booking> {
    const now = this.clock.now();
    if (command.idempotencyKey) {
      await lockIdempotencyKey(manager, actor.userId, KEY_SPACE + command.idempotencyKey);
      const earlier = await bookingRepository.findReschedule(manager, actor.userId, command.idempotencyKey);
      if (earlier) return this.replay(manager, earlier, command);
    }
    const booking = await bookingRepository.lockById(manager, command.bookingId);
    if (!booking) throw new BookingNotFoundError();
    if (!canAccessBooking(actor, booking)) throw new ForbiddenError('That booking is not yours to move.');
    assertReschedulable(booking, actor, { now, windowHours: this.config.rescheduleWindowHours, holdGraceSeconds: this.config.holdGraceSeconds });

    const first = await slotRepository.findById(manager, command.slotId);
    if (!first) throw new SlotNotFoundError();
    if (first.barberId !== booking.barberId) throw new SlotOfAnotherBarberError();
    if (first.startsAt.getTime() <= now.getTime()) throw new SlotInPastError();
    if (first.startsAt.getTime() < now.getTime() + this.config.minNoticeMinutes * 60_000) throw new SlotTooSoonError(this.config.minNoticeMinutes);

    await lockBarberSchedule(manager, booking.barberId);
    // As long as it was booked for: the service's length may have changed since (a price or duration edit never alters a booking).
    const minutes = (booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000;
    const following = await slotRepository.listStartingBetween(manager, booking.barberId, first.endsAt, new Date(first.startsAt.getTime() + minutes * 60_000));
    const chain = selectSlotChain(first, following, minutes);
    if (!chain) throw new ServiceDoesNotFitError(minutes);
    // Its own slots count as free: a booking may move by less than its length (10:00–11:00 → 10:30–11:30).
    const own = new Set(booking.slotIds);
    if (chain.some((slot) => slot.status !== 'available' && !(own.has(slot.id) && slot.bookingId === booking.id))) throw new SlotUnavailableError();

    const newIds = chain.map((slot) => slot.id);
    if (newIds.join() === booking.slotIds.join()) {
      if (command.idempotencyKey) await bookingRepository.recordReschedule(manager, actor.userId, command.idempotencyKey, booking.id, command.slotId, now);
      return booking;
    }
    const toTake = newIds.filter((id) => !own.has(id));
    const toRelease = booking.slotIds.filter((id) => !newIds.includes(id));
    const released = await this.releaseSlots.execute(manager, booking, now, toRelease);
    const taken =
      booking.status === 'confirmed'
        ? await slotRepository.bookAvailable(manager, toTake, booking.id, now)
        : await slotRepository.hold(manager, toTake, booking.id, now);
    if (taken.length !== toTake.length) throw new SlotUnavailableError();

    const moved = reschedule(booking, chain, now);
    await bookingRepository.saveReschedule(manager, moved);
    if (command.idempotencyKey) await bookingRepository.recordReschedule(manager, actor.userId, command.idempotencyKey, booking.id, command.slotId, now);
    const slotsChanged = slotChangedPayload(booking.barberId, { current: [...released.current, ...taken], removed: released.removed });
    await this.outbox.publishMany(manager, [
      { type: 'booking.rescheduled', payload: bookingRescheduledPayload(moved, booking.slotIds) },
      ...(slotsChanged ? [{ type: 'slot.changed' as const, payload: slotsChanged }] : []),
    ]);
    return moved;
  }

  /** The same key means the same request: answer with the booking as it is; another booking or slot under it is a client bug. */
  private async replay(manager: EntityManager, earlier: { bookingId: string; slotId: string }, command: RescheduleBookingCommand): Promise<Booking> {
    if (earlier.bookingId !== command.bookingId || earlier.slotId !== command.slotId) throw new IdempotencyKeyReusedError();
    const booking = await bookingRepository.findById(manager, earlier.bookingId);
    if (!booking) throw new BookingNotFoundError();
    return booking;
  }
}
