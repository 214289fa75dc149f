import { canManageBarber, ForbiddenError, ListDayRequest, parseActor } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Appointment } from '../../domain/appointment';
import { dayRange } from '../../domain/day';
import { appointmentRepository } from '../../persistence/appointment.repository';

/** A barber's day (`date` in their zone, as the gateway passes it), ordered by start: that barber or an admin. */
@Injectable()
export class ListDayUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: ListDayRequest): Promise<Appointment[]> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.barberId) || !canManageBarber(actor, request.barberId)) {
      throw new ForbiddenError('Only that barber or an admin sees the barber’s day.');
    }
    const { start, end } = dayRange(request.date, request.timeZone);
    return appointmentRepository.listByBarber(this.dataSource.manager, request.barberId, start, end);
  }
}
