import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadActiveBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { localDayRange } from '../../domain/local-date';
import { Slot } from '../../domain/slot';
import { parseSlotQuery } from '../../domain/slot-query';
import { slotRepository } from '../../persistence/slot.repository';

/**
 * A barber's slots starting on one local date, or on a range of at most 14 local dates (in the
 * barber's zone), optionally of one status, in start order.
 */
@Injectable()
export class ListSlotsUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: { barberId?: unknown; date?: unknown; from?: unknown; to?: unknown; status?: unknown }): Promise<Slot[]> {
    const query = parseSlotQuery(request ?? {});
    const barber = await loadActiveBarber(this.dataSource.manager, request.barberId);
    const start = localDayRange(query.firstDay, barber.timeZone).start;
    const end = localDayRange(query.lastDay, barber.timeZone).end;
    const slots = await slotRepository.listStartingBetween(this.dataSource.manager, barber.id, start, end);
    return query.status === null ? slots : slots.filter((slot) => slot.status === query.status);
  }
}
