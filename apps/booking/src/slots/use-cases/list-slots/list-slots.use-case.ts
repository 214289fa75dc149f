import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadActiveBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { localDayRange, parseLocalDate } from '../../domain/local-date';
import { Slot } from '../../domain/slot';
import { slotRepository } from '../../persistence/slot.repository';

/** A barber's slots starting on one local date (in the barber's zone), in start order. */
@Injectable()
export class ListSlotsUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: { barberId?: unknown; date?: unknown }): Promise<Slot[]> {
    const date = parseLocalDate(request?.date);
    const barber = await loadActiveBarber(this.dataSource.manager, request.barberId);
    const { start, end } = localDayRange(date, barber.timeZone);
    return slotRepository.listStartingBetween(this.dataSource.manager, barber.id, start, end);
  }
}
