import { CLOCK, Clock } from '@app/platform';
import { ListTimeOffRequest } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requireScheduleManager } from '../../../barbers/domain/barber-access';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { TimeOff } from '../../domain/time-off';
import { timeOffRepository } from '../../persistence/time-off.repository';

/** The barber's time off that is not over yet, by start: admin or that barber. */
@Injectable()
export class ListTimeOffUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: ListTimeOffRequest): Promise<Array<TimeOff & { blockedSlots: number }>> {
    requireScheduleManager(request, 'see their time off');
    const barber = await loadBarber(this.dataSource.manager, request.barberId);
    return timeOffRepository.listCurrentAndFuture(this.dataSource.manager, barber.id, this.clock.now());
  }
}
