import { CLOCK, Clock } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { Payment, closeExpired } from '../../../payment/domain/payment';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { STRIPE } from '../../../stripe/stripe-client';
import { describeStripeFailure, stripeFailureOf } from '../../../stripe/stripe-failure';

export function expireIdempotencyKey(checkoutSessionId: string): string {
  return `expire:${checkoutSessionId}`;
}

/**
 * The booking ended (cancelled, or its hold lapsed): nobody may pay its open Checkout
 * Sessions now. Runs in the caller's transaction (an inbox handler's): each open payment is
 * locked, expired at Stripe, and marked expired. The Stripe call sits inside the transaction on
 * purpose: if it fails, everything rolls back and the message is retried with backoff, and the
 * idempotency key makes the retry safe.
 *
 * No payment.expired is written: the booking already ended, it is the cause, not the audience.
 * The checkout.session.expired webhook Stripe then sends finds the payment expired: a no-op.
 * A session the customer completed meanwhile stays open here: its success webhook records the
 * late payment and booking decides (DESIGN §6.4).
 */
@Injectable()
export class ExpireOpenCheckoutsUseCase {
  private readonly logger = new Logger(ExpireOpenCheckoutsUseCase.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** How many sessions it closed. */
  async execute(manager: EntityManager, bookingId: string): Promise<number> {
    const open = (await paymentRepository.lockByBooking(manager, bookingId)).filter((payment) => payment.status === 'open');
    let closed = 0;
    for (const payment of open) {
      if (await this.expireAtStripe(payment)) {
        await paymentRepository.save(manager, closeExpired(payment, this.clock.now()), 'open');
        closed += 1;
      }
    }
    return closed;
  }

  /** true when the session is expired at Stripe now; false when it was completed (the customer paid). */
  private async expireAtStripe(payment: Payment): Promise<boolean> {
    const sessionId = payment.checkoutSessionId;
    try {
      await this.stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey: expireIdempotencyKey(sessionId) });
      return true;
    } catch (error) {
      const failure = stripeFailureOf(error);
      if (failure?.kind !== 'refused') throw error;
      // Stripe expires only open sessions: see what this one is instead.
      const session = await this.stripe.checkout.sessions.retrieve(sessionId);
      switch (session.status) {
        case 'expired':
          return true;
        case 'complete':
          this.logger.warn(
            `Session ${sessionId} of ended booking ${payment.bookingId} was completed before it could be expired; its payment webhook decides`,
          );
          return false;
        case 'open':
        case null:
        default:
          throw new Error(`Stripe refused to expire session ${sessionId} (${session.status}): ${describeStripeFailure(failure)}`, {
            cause: error,
          });
      }
    }
  }
}
