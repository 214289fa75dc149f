import { CLOCK, Clock } from '@app/platform';
import { MessageType, PayloadOf } from '@app/contracts';
import { OutboxWriter, PoisonMessageError } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { ReleaseBookingSlotsUseCase } from '../../../slots/use-cases/release-booking-slots/release-booking-slots.use-case';
import { expire } from '../../domain/booking';
import { bookingExpiredPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';

export interface ExpireUnpaidBookingCommand {
  bookingId: string;
  /** payment.failed → payment_failed, payment.expired → checkout_expired. */
  reason: Extract<PayloadOf<'booking.expired'>['reason'], 'payment_failed' | 'checkout_expired'>;
}

/**
 * DESIGN §6.4, inside the inbox transaction of payment.failed or payment.expired: a booking
 * still pending_payment expires, its slots are released, booking.expired and slot.changed are
 * written. Any other status is left as it is (false): a failure or expiry that arrives after
 * the payment succeeded, or after the hold lapsed, moves nothing back.
 */
@Injectable()
export class ExpireUnpaidBookingUseCase {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly releaseSlots: ReleaseBookingSlotsUseCase,
  ) {}

  async execute(manager: EntityManager, command: ExpireUnpaidBookingCommand): Promise<boolean> {
    const now = this.clock.now();
    const booking = await bookingRepository.lockById(manager, command.bookingId);
    if (!booking) throw new PoisonMessageError(`Payment ${command.reason} for unknown booking ${command.bookingId}`);
    if (booking.status !== 'pending_payment') return false;
    const expired = expire(booking, now);
    // Lock order: booking row (held), the barber's schedule, then its slots.
    await lockBarberSchedule(manager, booking.barberId);
    await bookingRepository.saveLockedTransition(manager, expired, booking.status, false);
    const released = await this.releaseSlots.execute(manager, expired, now);
    const slotsChanged = slotChangedPayload(expired.barberId, released);
    const events: Array<{ type: MessageType; payload: unknown }> = [
      { type: 'booking.expired', payload: bookingExpiredPayload(expired, command.reason) },
    ];
    if (slotsChanged) events.push({ type: 'slot.changed', payload: slotsChanged });
    await this.outbox.publishMany(manager, events);
    return true;
  }
}
