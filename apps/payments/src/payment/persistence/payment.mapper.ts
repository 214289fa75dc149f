import { CheckoutResource, PayloadOf } from '@app/contracts';
import { Payment } from '../domain/payment';

export function toCheckoutResource(payment: Payment): CheckoutResource {
  return {
    sessionId: payment.checkoutSessionId,
    url: payment.checkoutUrl,
    expiresAt: payment.expiresAt.toISOString(),
    lastPaymentError: payment.lastPaymentError,
  };
}

export function paymentAttemptFailedPayload(payment: Payment, declineCode: string | null): PayloadOf<'payment.attempt_failed'> {
  return {
    bookingId: payment.bookingId,
    paymentId: payment.id,
    checkoutSessionId: payment.checkoutSessionId,
    message: payment.lastPaymentError ?? 'Your payment was not accepted. Try another card.',
    declineCode,
  };
}

/** Only for a payment whose money the booking sees (bookingPaymentStatusOf is not null). */
export function paymentStatusChangedPayload(
  payment: Payment,
  paymentStatus: PayloadOf<'payment.status_changed'>['paymentStatus'],
  detail: string,
): PayloadOf<'payment.status_changed'> {
  return { bookingId: payment.bookingId, paymentId: payment.id, paymentStatus, revision: payment.moneyRevision, detail };
}

export function paymentSucceededPayload(payment: Payment): PayloadOf<'payment.succeeded'> {
  return {
    bookingId: payment.bookingId,
    paymentId: payment.id,
    amountCents: payment.paidAmountCents ?? payment.amountCents,
    currency: payment.paidCurrency ?? payment.currency,
    paymentIntentId: payment.paymentIntentId,
    checkoutSessionId: payment.checkoutSessionId,
  };
}

export function paymentFailedPayload(payment: Payment, reason: string): PayloadOf<'payment.failed'> {
  return { bookingId: payment.bookingId, paymentId: payment.id, checkoutSessionId: payment.checkoutSessionId, reason };
}

export function paymentExpiredPayload(payment: Payment): PayloadOf<'payment.expired'> {
  return { bookingId: payment.bookingId, paymentId: payment.id, checkoutSessionId: payment.checkoutSessionId };
}
