import { MessageType, PayloadOf } from '@app/contracts';
import { OutboxWriter, PoisonMessageError } from '@app/messaging';
import { Clock, CLOCK, counter, isConstraintViolation } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { lockBarberSchedule, withSavepoint } from '../../../shared/persistence/sql';
import { Slot } from '../../../slots/domain/slot';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { slotRepository } from '../../../slots/persistence/slot.repository';
import { Booking } from '../../domain/booking';
import {
  PaymentRejection,
  SLOTS_LOST,
  SucceededPayment,
  confirmPaid,
  decidePaymentSuccess,
  paymentStatusAfterRejection,
} from '../../domain/booking-payment';
import { bookingConfirmedPayload, bookingPaymentRejectedPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';
import { rejectedPaymentRepository } from '../../persistence/rejected-payment.repository';

export type PaymentSuccessOutcome = 'confirmed' | 'confirmed_late' | 'rejected' | 'already_applied' | 'already_rejected';

const outcomes = counter('booking_payments_total', 'Successful payments booking applied, by outcome', ['outcome']);
const rejections = counter('booking_payments_rejected_total', 'Payments booking refused (payments refunds them), by reason', [
  'reason',
]);

/** A slot of the booking was taken, blocked or deleted while it was not active: the late payment lost it. */
class SlotsLostError extends Error {}

/**
 * DESIGN §6.3 and the late payment of §6.4, inside the inbox transaction of payment.succeeded
 * (`manager`), the booking row locked first so concurrent or repeated messages for one booking
 * run one after the other and each sees what the previous one did:
 * - pending_payment → confirmed/paid, its held slots → booked, booking.confirmed + slot.changed;
 * - expired or cancelled with no payment kept → its slots taken again if every one is still
 *   available and no other active booking overlaps (the database's constraints decide), then
 *   confirmed the same way; otherwise booking.payment_rejected and the booking stays as it is;
 * - a payment seen before (confirmed by it, or refused) → nothing;
 * - a second payment, or one that does not match the price → booking.payment_rejected.
 */
@Injectable()
export class ApplyPaymentSuccessUseCase {
  private readonly logger = new Logger(ApplyPaymentSuccessUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(manager: EntityManager, payment: PayloadOf<'payment.succeeded'>): Promise<PaymentSuccessOutcome> {
    const outcome = await this.apply(manager, payment);
    outcomes.inc({ outcome });
    return outcome;
  }

  private async apply(manager: EntityManager, payment: PayloadOf<'payment.succeeded'>): Promise<PaymentSuccessOutcome> {
    const now = this.clock.now();
    const locked = await bookingRepository.lockForPayment(manager, payment.bookingId, payment.paymentId);
    if (!locked) throw new PoisonMessageError(`payment.succeeded for unknown booking ${payment.bookingId}`);
    if (locked.paymentRefused) return 'already_rejected';
    const booking = locked.booking;

    const decision = decidePaymentSuccess(booking, payment, now);
    switch (decision.kind) {
      case 'already_applied':
        return 'already_applied';
      case 'confirm':
        await this.confirm(manager, booking, payment.paymentId, now);
        return 'confirmed';
      case 'reclaim':
        if (await this.reclaim(manager, booking, payment.paymentId, now)) return 'confirmed_late';
        await this.reject(manager, booking, payment, SLOTS_LOST, now);
        return 'rejected';
      case 'reject':
        await this.reject(manager, booking, payment, decision.rejection, now);
        return 'rejected';
    }
  }

  private async confirm(manager: EntityManager, booking: Booking, paymentId: string, now: Date): Promise<void> {
    const confirmed = confirmPaid(booking, paymentId, now);
    await bookingRepository.saveLockedTransition(manager, confirmed, booking.status, true);
    const booked = await slotRepository.bookHeld(manager, booking.id, now);
    if (booked.length !== booking.slotIds.length) {
      // Held slots are never released or re-gridded while their booking is pending: this is a bug, not a race.
      this.logger.error(`Booking ${booking.id} was confirmed but only ${booked.length} of its ${booking.slotIds.length} slots were held by it`);
    }
    await this.announceConfirmed(manager, confirmed, paymentId, booked);
  }

  /** Take the booking's slots again for a late payment; false (and nothing changed) when one is gone. */
  private async reclaim(manager: EntityManager, booking: Booking, paymentId: string, now: Date): Promise<boolean> {
    // Lock order: booking row (held), the barber's schedule (no template change or time off
    // rewrites the grid meanwhile), then the slots in start order.
    await lockBarberSchedule(manager, booking.barberId);
    const confirmed = confirmPaid(booking, paymentId, now);
    let booked: Slot[];
    try {
      // Inside a savepoint: a lost slot or a constraint violation (another active booking on
      // a slot, or overlapping) undoes only this attempt, not the inbox transaction.
      booked = await withSavepoint(manager, async () => {
        const taken = await slotRepository.bookAvailable(manager, booking.slotIds, booking.id, now);
        if (taken.length !== booking.slotIds.length) throw new SlotsLostError();
        await bookingRepository.saveTransition(manager, confirmed, booking.status, true);
        return taken;
      });
    } catch (error) {
      if (error instanceof SlotsLostError || isConstraintViolation(error)) return false;
      throw error;
    }
    this.logger.warn(`Late payment ${paymentId} confirmed ${booking.status} booking ${booking.id} again: its slots were still free`);
    await this.announceConfirmed(manager, confirmed, paymentId, booked);
    return true;
  }

  private async reject(
    manager: EntityManager,
    booking: Booking,
    payment: SucceededPayment,
    rejection: PaymentRejection,
    now: Date,
  ): Promise<void> {
    await rejectedPaymentRepository.insert(manager, {
      paymentId: payment.paymentId,
      bookingId: booking.id,
      amountCents: payment.amountCents,
      currency: payment.currency,
      reason: rejection.reason,
      rejectedAt: now,
    });
    const paymentStatus = paymentStatusAfterRejection(booking);
    if (paymentStatus !== booking.paymentStatus) {
      await bookingRepository.savePaymentStatus(manager, { ...booking, paymentStatus, updatedAt: now });
    }
    await this.outbox.publish(manager, 'booking.payment_rejected', bookingPaymentRejectedPayload(booking, payment.paymentId, rejection.reason));
    rejections.inc({ reason: rejection.code });
    this.logger.warn(`Payment ${payment.paymentId} for ${booking.status} booking ${booking.id} rejected (refund): ${rejection.reason}`);
  }

  private async announceConfirmed(manager: EntityManager, confirmed: Booking, paymentId: string, booked: Slot[]): Promise<void> {
    const slotsChanged = slotChangedPayload(confirmed.barberId, { current: booked });
    const events: Array<{ type: MessageType; payload: unknown }> = [
      { type: 'booking.confirmed', payload: bookingConfirmedPayload({ ...confirmed, paymentId }) },
    ];
    if (slotsChanged) events.push({ type: 'slot.changed', payload: slotsChanged });
    await this.outbox.publishMany(manager, events);
  }
}
