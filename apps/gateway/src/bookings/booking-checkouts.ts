import { Actor, BOOKING_RPC, BookingResource, CheckoutResource, DomainError, PAYMENTS_RPC } from '@app/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BOOKING_CLIENT, BookingClient, PAYMENTS_CLIENT, PaymentsClient } from '../rpc-clients/booking.client';

/** Service names change rarely and Checkout needs them for its line item: keep them in memory, refetch on a miss. */
@Injectable()
export class ServiceNames {
  private names = new Map<string, string>();

  constructor(@Inject(BOOKING_CLIENT) private readonly booking: BookingClient) {}

  async of(serviceId: string): Promise<string> {
    const known = this.names.get(serviceId);
    if (known !== undefined) return known;
    const services = await this.booking.send(BOOKING_RPC.listServices, {});
    this.names = new Map(services.map((service) => [service.id, service.name]));
    return this.names.get(serviceId) ?? 'Barbershop booking';
  }
}

/**
 * The Checkout Session side of a booking, which the payments service owns. Opening one
 * after a booking is created must not fail the booking: if Stripe or payments cannot be
 * reached, the hold stands, `checkout` is null and `POST /bookings/:id/checkout` retries.
 */
@Injectable()
export class BookingCheckouts {
  private readonly logger = new Logger(BookingCheckouts.name);

  constructor(
    @Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient,
    private readonly serviceNames: ServiceNames,
  ) {}

  /** Get or create the booking's Checkout Session; errors propagate (for the explicit retry endpoint). */
  async create(booking: BookingResource, actor: Actor): Promise<CheckoutResource> {
    return this.payments.send(PAYMENTS_RPC.createCheckout, {
      bookingId: booking.id,
      customerEmail: actor.email,
      serviceName: await this.serviceNames.of(booking.serviceId),
      amountCents: booking.priceCents,
      currency: booking.currency,
      holdExpiresAt: booking.holdExpiresAt,
    });
  }

  /** Like `create`, but a payment provider or payments service that is away gives `null`. */
  async tryCreate(booking: BookingResource, actor: Actor): Promise<CheckoutResource | null> {
    try {
      return await this.create(booking, actor);
    } catch (error) {
      if (isUnavailable(error)) {
        this.logger.warn(`Booking ${booking.id} is held without a Checkout Session: ${(error as Error).message}`);
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
