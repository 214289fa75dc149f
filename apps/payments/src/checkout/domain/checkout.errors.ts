import { DomainError } from '@app/contracts';

export class CheckoutNotAvailableError extends DomainError {
  constructor(status: string) {
    super('CHECKOUT_NOT_AVAILABLE', `This booking's payment is already ${status.replace('_', ' ')}: there is nothing left to pay.`);
  }
}

/** Stripe could not be reached, or refused: the booking stays held and the caller may try again. */
export class PaymentProviderUnavailableError extends DomainError {
  constructor(message = 'The payment provider cannot be reached right now; try again in a moment.') {
    super('PAYMENT_PROVIDER_UNAVAILABLE', message);
  }
}
