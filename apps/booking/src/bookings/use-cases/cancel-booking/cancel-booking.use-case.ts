import { CLOCK, Clock } from '@app/platform';
import { CancelBookingRequest, ForbiddenError, parseActor } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { BOOKING_CONFIG, BookingConfig } from '../../../booking.config';
import { isUuid, parseInput } from '../../../shared/domain/input';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { ReleaseBookingSlotsUseCase } from '../../../slots/use-cases/release-booking-slots/release-booking-slots.use-case';
import { Booking, cancel, decideCancellation } from '../../domain/booking';
import { canAccessBooking } from '../../domain/booking-access';
import { BookingNotFoundError } from '../../domain/booking.errors';
import { bookingCancelledPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';

const reasonSchema = z.object({ reason: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional() });

/**
 * DESIGN §6.5: cancels a pending or confirmed booking for its customer, its barber or an
 * admin: status cancelled, its held or booked slots released, booking.cancelled and
 * slot.changed in the same transaction. A confirmed booking is refunded in full when its
 * barber or an admin cancels, or its customer at least CANCELLATION_WINDOW_HOURS ahead
 * (paymentStatus → refund_pending; payments refunds); a later customer cancellation keeps the
 * money (paid). Cancelling a pending one refunds nothing: payments expires its Checkout
 * Session on booking.cancelled. Expired and cancelled bookings: BOOKING_NOT_CANCELLABLE.
 */
@Injectable()
export class CancelBookingUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
    private readonly outbox: OutboxWriter,
    private readonly releaseSlots: ReleaseBookingSlotsUseCase,
  ) {}

  async execute(request: CancelBookingRequest): Promise<Booking> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.bookingId)) throw new BookingNotFoundError();
    const { reason } = parseInput(reasonSchema, { reason: request.reason });
    const now = this.clock.now();

    return this.dataSource.transaction(async (manager) => {
      // Lock order everywhere: booking row, then the barber's schedule, then slots.
      const booking = await bookingRepository.lockById(manager, request.bookingId);
      if (!booking) throw new BookingNotFoundError();
      if (!canAccessBooking(actor, booking)) throw new ForbiddenError('That booking is not yours to cancel.');
      const decision = decideCancellation(booking, actor, { now, windowHours: this.config.cancellationWindowHours });
      const cancelled = cancel(booking, decision, reason ? reason : null, now);
      await lockBarberSchedule(manager, booking.barberId);
      await bookingRepository.saveLockedTransition(manager, cancelled, booking.status, false);
      const released = await this.releaseSlots.execute(manager, cancelled, now);
      const slotsChanged = slotChangedPayload(cancelled.barberId, released);
      await this.outbox.publishMany(manager, [
        { type: 'booking.cancelled', payload: bookingCancelledPayload(cancelled, decision) },
        ...(slotsChanged ? [{ type: 'slot.changed' as const, payload: slotsChanged }] : []),
      ]);
      return cancelled;
    });
  }
}
