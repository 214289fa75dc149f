import { CLOCK, Clock } from '@app/platform';
import { CreateCheckoutRequest } from '@app/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../../../payments.config';
import { Payment } from '../../../payment/domain/payment';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { parseInput } from '../../../shared/domain/input';
import { STRIPE } from '../../../stripe/stripe-client';
import { describeStripeFailure, stripeFailureOf } from '../../../stripe/stripe-failure';
import { checkoutExpiresAt, checkoutIdempotencyKey, decideCheckout } from '../../domain/checkout';
import { CheckoutNotAvailableError, PaymentProviderUnavailableError } from '../../domain/checkout.errors';
import { CheckoutAttempt, checkoutAttemptRepository } from '../../persistence/checkout-attempt.repository';

const requestSchema = z.object({
  bookingId: z.uuid(),
  customerEmail: z.string().max(320),
  serviceName: z.string().trim().min(1).max(250),
  amountCents: z.number().int().min(0).max(99_999_999),
  currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code'),
  holdExpiresAt: z.iso.datetime({ offset: true }),
});
type CheckoutInput = z.infer<typeof requestSchema>;

/** Stripe refuses a malformed customer_email; a booking without a usable one still gets a session. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Rounds of "read, create if needed": a replayed session that is already too close to expiry takes another. */
const MAX_ROUNDS = 3;

/**
 * payments.checkout.create — "get or create" the booking's Checkout Session (DESIGN §6.1).
 * The session is created at Stripe first and stored after Stripe answered: a call that failed
 * stores nothing, so the next call uses the same attempt number, idempotency key and reserved
 * parameters, and Stripe hands back the session it may have created meanwhile.
 */
@Injectable()
export class CreateCheckoutUseCase {
  private readonly logger = new Logger(CreateCheckoutUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  async execute(request: CreateCheckoutRequest): Promise<Payment> {
    const input = parseInput(requestSchema, request);
    // The booking's payments as last read, plus the one this call stored (no second read for it);
    // null when they must be read again (a concurrent twin stored the attempt first).
    let known: Payment[] | null = null;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const now = this.clock.now();
      const payments: Payment[] = known ?? (await paymentRepository.listByBooking(this.dataSource.manager, input.bookingId));
      const decision = decideCheckout(payments, now);
      switch (decision.kind) {
        case 'reuse':
          return decision.payment;
        case 'not_available':
          throw new CheckoutNotAvailableError(decision.payment.status);
        case 'create': {
          const stored = await this.open(input, decision.attempt, now);
          known = stored ? [...payments, stored] : null;
          break;
        }
      }
    }
    this.logger.error(`Stripe kept answering booking ${input.bookingId} with sessions about to expire`);
    throw new PaymentProviderUnavailableError('The payment provider returned no usable Checkout Session; try again in a moment.');
  }

  /**
   * Session `attempt` of the booking, created at Stripe and then stored (a concurrent twin stores
   * it once): the payment this call stored, or null when the twin's was there first.
   */
  private async open(input: CheckoutInput, attempt: number, now: Date): Promise<Payment | null> {
    const holdExpiresAt = new Date(input.holdExpiresAt);
    let reserved = await checkoutAttemptRepository.reserve(
      this.dataSource.manager,
      { bookingId: input.bookingId, attempt, paymentId: randomUUID(), expiresAt: checkoutExpiresAt(holdExpiresAt, now) },
      now,
    );
    let session: Stripe.Checkout.Session;
    try {
      session = await this.createSession(input, reserved);
    } catch (error) {
      const failure = stripeFailureOf(error);
      if (failure?.kind !== 'refused' || failure.param !== 'expires_at') throw this.unavailable(input, attempt, error);
      // The reservation outlived Stripe's 30-minute minimum and nothing was created under the key.
      const later = this.clock.now();
      reserved = await checkoutAttemptRepository.reschedule(this.dataSource.manager, reserved, checkoutExpiresAt(holdExpiresAt, later), later);
      try {
        session = await this.createSession(input, reserved);
      } catch (retryError) {
        throw this.unavailable(input, attempt, retryError);
      }
    }
    if (!session.url) {
      this.logger.error(`Stripe answered session ${session.id} of booking ${input.bookingId} without a url`);
      throw new PaymentProviderUnavailableError('The payment provider returned a Checkout Session without a page to pay on.');
    }
    const stored = this.clock.now();
    const payment: Payment = {
      id: reserved.paymentId,
      bookingId: input.bookingId,
      attempt,
      checkoutSessionId: session.id,
      checkoutUrl: session.url,
      expiresAt: new Date(session.expires_at * 1000),
      amountCents: input.amountCents,
      currency: input.currency,
      customerEmail: input.customerEmail,
      status: 'open',
      paymentIntentId: null,
      paidAmountCents: null,
      paidCurrency: null,
      flaggedReason: null,
      flaggedEventId: null,
      deadLetteredAt: null,
      lastPaymentError: null,
      lastPaymentErrorAt: null,
      chargeId: null,
      amountRefundedCents: 0,
      moneyRevision: 0,
      disputeId: null,
      disputeStatus: null,
      disputeEvidenceDueBy: null,
      createdAt: stored,
      updatedAt: stored,
    };
    return (await paymentRepository.insert(this.dataSource.manager, payment)) ? payment : null;
  }

  private createSession(input: CheckoutInput, reserved: CheckoutAttempt): Promise<Stripe.Checkout.Session> {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    const metadata = { bookingId: input.bookingId, paymentId: reserved.paymentId };
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: input.currency, unit_amount: input.amountCents, product_data: { name: input.serviceName } },
        },
      ],
      metadata,
      // So payment_intent.* and charge.* events name the booking (and our payment) too.
      payment_intent_data: { metadata },
      client_reference_id: input.bookingId,
      expires_at: Math.floor(reserved.expiresAt.getTime() / 1000),
      // The web app's booking page (DESIGN §12), never a JSON endpoint.
      success_url: `${base}/app/bookings/${input.bookingId}?checkout=success`,
      cancel_url: `${base}/app/bookings/${input.bookingId}?checkout=cancelled`,
      ...(EMAIL.test(input.customerEmail) ? { customer_email: input.customerEmail } : {}),
    };
    return this.stripe.checkout.sessions.create(params, {
      idempotencyKey: checkoutIdempotencyKey(input.bookingId, reserved.attempt),
    });
  }

  /** Stripe away or refusing: PAYMENT_PROVIDER_UNAVAILABLE (the booking stays held); anything else is ours and propagates. */
  private unavailable(input: CheckoutInput, attempt: number, error: unknown): unknown {
    const failure = stripeFailureOf(error);
    if (!failure) return error;
    const what = `Checkout Session ${attempt} of booking ${input.bookingId}`;
    if (failure.kind === 'unavailable') {
      this.logger.warn(`${what} not created, Stripe is unavailable: ${describeStripeFailure(failure)}`);
      return new PaymentProviderUnavailableError();
    }
    this.logger.error(`${what} refused by Stripe: ${describeStripeFailure(failure)}`);
    return new PaymentProviderUnavailableError('The payment provider refused to open a Checkout Session for this booking.');
  }
}
