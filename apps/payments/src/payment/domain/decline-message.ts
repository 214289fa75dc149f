/** Stripe's `last_payment_error` of a declined attempt (the part we read). */
export interface StripePaymentError {
  type: string | null;
  code: string | null;
  declineCode: string | null;
}

/**
 * The sentence a customer reads on the booking page after a declined attempt (DESIGN §5, §12):
 * what happened and what to do next, never Stripe's code. Stripe's own `message` is written for
 * developers and may name things a customer cannot act on, so it is not shown.
 */
export function declineMessageFor(error: StripePaymentError): string {
  switch (error.declineCode ?? error.code ?? 'none') {
    case 'insufficient_funds':
      return 'Your card has insufficient funds. Try another card.';
    case 'expired_card':
      return 'Your card has expired. Try another card.';
    case 'incorrect_cvc':
    case 'invalid_cvc':
      return "Your card's security code is incorrect. Check it and try again.";
    case 'incorrect_number':
    case 'invalid_number':
      return 'Your card number is incorrect. Check it and try again.';
    case 'processing_error':
      return 'Your card could not be processed. Try again in a moment.';
    case 'authentication_required':
    case 'payment_intent_authentication_failure':
      return 'Your bank could not confirm this payment. Try again or use another card.';
    case 'lost_card':
    case 'stolen_card':
    case 'card_declined':
    case 'generic_decline':
    case 'do_not_honor':
    case 'fraudulent':
      return 'Your card was declined. Try another card.';
    default:
      return error.type === 'card_error'
        ? 'Your card was declined. Try another card.'
        : 'Your payment was not accepted. Try another card.';
  }
}
