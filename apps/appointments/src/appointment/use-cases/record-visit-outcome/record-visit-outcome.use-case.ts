import { CLOCK, Clock } from '@app/platform';
import { canManageBarber, ForbiddenError, MarkAppointmentRequest, parseActor } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Appointment, VisitOutcome, recordVisitOutcome } from '../../domain/appointment';
import { AppointmentNotFoundError } from '../../domain/appointment.errors';
import { appointmentUpdatedPayload } from '../../persistence/appointment.mapper';
import { appointmentRepository } from '../../persistence/appointment.repository';

/**
 * complete / no-show: that barber or an admin, only for a `paid` appointment whose start has
 * passed (APPOINTMENT_NOT_PAID / APPOINTMENT_NOT_STARTED). Writes appointment.updated.
 */
@Injectable()
export class RecordVisitOutcomeUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(request: MarkAppointmentRequest, outcome: VisitOutcome): Promise<Appointment> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.appointmentId)) throw new AppointmentNotFoundError();
    return this.dataSource.transaction(async (manager) => {
      const appointment = await appointmentRepository.lockById(manager, request.appointmentId);
      if (!appointment) throw new AppointmentNotFoundError();
      if (!canManageBarber(actor, appointment.barberId)) throw new ForbiddenError('Only that barber or an admin can do that.');
      const recorded = recordVisitOutcome(appointment, outcome, this.clock.now());
      await appointmentRepository.save(manager, recorded);
      await this.outbox.publish(manager, 'appointment.updated', appointmentUpdatedPayload(recorded));
      return recorded;
    });
  }
}
