import { ForbiddenError, GetAppointmentRequest, parseActor } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Appointment, canViewAppointment } from '../../domain/appointment';
import { AppointmentNotFoundError } from '../../domain/appointment.errors';
import { appointmentRepository } from '../../persistence/appointment.repository';

/** One appointment: its customer, its barber, or an admin. */
@Injectable()
export class GetAppointmentUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: GetAppointmentRequest): Promise<Appointment> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.appointmentId)) throw new AppointmentNotFoundError();
    const appointment = await appointmentRepository.findById(this.dataSource.manager, request.appointmentId);
    if (!appointment) throw new AppointmentNotFoundError();
    if (!canViewAppointment(actor, appointment)) throw new ForbiddenError('That appointment is not yours.');
    return appointment;
  }
}
