import { Actor, BookingResource, CheckoutResource, CheckoutTerms, DomainError, PAYMENTS_RPC } from '@app/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PAYMENTS_CLIENT, PaymentsClient } from '../rpc-clients/booking.client';

/**
 * The Checkout Session side of a booking, which the payments service owns. Opening one
 * after a booking is created must not fail the booking: if Stripe or payments cannot be
 * reached, the hold stands, `checkout` is null and `POST /bookings/:id/checkout` retries.
 */
@Injectable()
export class BookingCheckouts {
  private readonly logger = new Logger(BookingCheckouts.name);

  constructor(@Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient) {}

  /**
   * Get or create the booking's Checkout Session for the terms booking decided (what is due and
   * until when): the gateway forwards them and decides nothing. Errors propagate (for the
   * explicit retry endpoint).
   */
  async create(terms: CheckoutTerms, actor: Actor): Promise<CheckoutResource> {
    return this.payments.send(PAYMENTS_RPC.createCheckout, {
      bookingId: terms.bookingId,
      customerEmail: actor.email,
      serviceName: terms.serviceName,
      amountCents: terms.amountDueCents,
      currency: terms.currency,
      holdExpiresAt: terms.payableUntil,
    });
  }

  /** Like `create`, but a payment provider or payments service that is away gives `null`. */
  async tryCreate(terms: CheckoutTerms, actor: Actor): Promise<CheckoutResource | null> {
    try {
      return await this.create(terms, actor);
    } catch (error) {
      if (isUnavailable(error)) {
        this.logger.warn(`Booking ${terms.bookingId} is held without a Checkout Session: ${(error as Error).message}`);
        return null;
      }
      throw error;
    }
  }

  /** Attach the open Checkout Session of every pending booking; without payments, `checkout` stays null. */
  async attach(bookings: BookingResource[]): Promise<BookingResource[]> {
    const pending = bookings.filter((booking) => booking.status === 'pending_payment').map((booking) => booking.id);
    let sessions: Record<string, CheckoutResource | null> = {};
    if (pending.length > 0) {
      try {
        sessions = await this.payments.send(PAYMENTS_RPC.getCheckouts, { bookingIds: pending });
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        this.logger.warn(`Checkout sessions not shown: ${(error as Error).message}`);
      }
    }
    return bookings.map((booking) => ({ ...booking, checkout: sessions[booking.id] ?? null }));
  }
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof DomainError && (error.code === 'PAYMENT_PROVIDER_UNAVAILABLE' || error.code === 'SERVICE_UNAVAILABLE')
  );
}
