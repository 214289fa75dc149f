import { canManageBarber, ForbiddenError, ListCalendarRequest, parseActor } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Appointment } from '../../domain/appointment';
import { InvalidDateError } from '../../domain/appointment.errors';
import { appointmentRepository } from '../../persistence/appointment.repository';

/** At most this much of a calendar in one answer: a subscription asks for months, never years. */
const MAX_RANGE_DAYS = 400;

/**
 * What a barber's subscribed calendar shows: their paid and completed appointments starting in
 * [from, to), ordered by start. Unpaid holds and cancelled visits are not on it.
 */
@Injectable()
export class ListCalendarUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: ListCalendarRequest): Promise<Appointment[]> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.barberId) || !canManageBarber(actor, request.barberId)) {
      throw new ForbiddenError('Only that barber or an admin sees the barber’s calendar.');
    }
    const from = new Date(String(request.from));
    const to = new Date(String(request.to));
    if (Number.isNaN(from.getTime())) throw new InvalidDateError(request.from);
    if (Number.isNaN(to.getTime()) || to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new InvalidDateError(request.to);
    }
    return appointmentRepository.listByBarberWithStatus(this.dataSource.manager, request.barberId, from, to, ['paid', 'completed']);
  }
}
