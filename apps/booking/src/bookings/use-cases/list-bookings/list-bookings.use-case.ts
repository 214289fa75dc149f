import { ForbiddenError, ListBookingsRequest, parseActor } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Booking } from '../../domain/booking';
import { bookingScopeOf } from '../../domain/booking-access';
import { validateListBookings } from '../../domain/booking-request';
import { bookingRepository } from '../../persistence/booking.repository';

/** Newest first. A customer sees their own, a barber their barber's, an admin all; filters only narrow that. */
@Injectable()
export class ListBookingsUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: ListBookingsRequest): Promise<Booking[]> {
    const actor = parseActor(request?.actor);
    const query = validateListBookings({
      status: request.status,
      barberId: request.barberId,
      from: request.from,
      to: request.to,
      limit: request.limit,
      offset: request.offset,
    });
    const scope = bookingScopeOf(actor);
    if (scope === 'none') throw new ForbiddenError('This barber account is not linked to a barber.');
    return bookingRepository.list(this.dataSource.manager, scope, query);
  }
}
