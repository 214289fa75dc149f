import { CheckoutTerms, CheckoutTermsRequest, ForbiddenError, parseActor } from '@app/contracts';
import { CLOCK, Clock } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { BookingNotFoundError, CheckoutNotAvailableError } from '../../domain/booking.errors';
import { decideCheckout } from '../../domain/checkout-terms';
import { bookingRepository } from '../../persistence/booking.repository';

/** What its customer owes for a booking now (POST /bookings/:id/checkout), or why nothing is due. */
@Injectable()
export class GetCheckoutTermsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: CheckoutTermsRequest): Promise<CheckoutTerms> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.bookingId)) throw new BookingNotFoundError();
    const booking = await bookingRepository.findById(this.dataSource.manager, request.bookingId);
    if (!booking) throw new BookingNotFoundError();
    // Paying is the customer's act: not even an admin or the barber opens Checkout for them.
    if (actor.role !== 'customer' || booking.customerId !== actor.userId) {
      throw new ForbiddenError('Only the customer who made this booking can pay for it.');
    }
    const decision = decideCheckout(booking, this.clock.now());
    if (decision.kind === 'not_available') throw new CheckoutNotAvailableError(decision.why);
    return decision.terms;
  }
}
