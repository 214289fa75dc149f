import { ForbiddenError, GetBookingRequest, parseActor } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Booking } from '../../domain/booking';
import { canAccessBooking } from '../../domain/booking-access';
import { BookingNotFoundError } from '../../domain/booking.errors';
import { bookingRepository } from '../../persistence/booking.repository';

@Injectable()
export class GetBookingUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: GetBookingRequest): Promise<Booking> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.bookingId)) throw new BookingNotFoundError();
    const booking = await bookingRepository.findById(this.dataSource.manager, request.bookingId);
    if (!booking) throw new BookingNotFoundError();
    if (!canAccessBooking(actor, booking)) throw new ForbiddenError('That booking is not yours.');
    return booking;
  }
}
