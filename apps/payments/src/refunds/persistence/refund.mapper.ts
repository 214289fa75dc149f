import { PayloadOf } from '@app/contracts';
import { Payment } from '../../payment/domain/payment';
import { Refund } from '../domain/refund';

/** Only for a refund Stripe has confirmed (it has its Stripe id). */
export function paymentRefundedPayload(payment: Payment, refund: Refund & { stripeRefundId: string }): PayloadOf<'payment.refunded'> {
  return {
    bookingId: payment.bookingId,
    paymentId: payment.id,
    refundId: refund.stripeRefundId,
    amountCents: refund.amountCents,
    currency: refund.currency,
  };
}
