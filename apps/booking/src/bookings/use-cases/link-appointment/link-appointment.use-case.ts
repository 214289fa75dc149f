import { CLOCK, Clock } from '@app/platform';
import { PayloadOf } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { bookingRepository } from '../../persistence/booking.repository';

/**
 * appointment.created, inside its inbox transaction: record the booking's appointmentId (the
 * two-way link, DESIGN §6.2) when it has none. A repeat changes nothing; a different id for a
 * booking already linked is logged and left alone (appointments keeps one per booking).
 */
@Injectable()
export class LinkAppointmentUseCase {
  private readonly logger = new Logger(LinkAppointmentUseCase.name);

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async execute(manager: EntityManager, created: PayloadOf<'appointment.created'>): Promise<boolean> {
    // The usual case in one statement: the conditional update links an unlinked booking (row lock
    // and check in one). Only when it changes nothing is the booking read, to say why.
    if (await bookingRepository.linkAppointment(manager, created.bookingId, created.appointmentId, this.clock.now())) return true;
    const booking = await bookingRepository.findById(manager, created.bookingId);
    if (!booking) throw new PoisonMessageError(`appointment.created for unknown booking ${created.bookingId}`);
    if (booking.appointmentId !== created.appointmentId) {
      this.logger.warn(`Booking ${booking.id} is linked to appointment ${booking.appointmentId}; ignoring ${created.appointmentId}`);
    }
    return false;
  }
}
