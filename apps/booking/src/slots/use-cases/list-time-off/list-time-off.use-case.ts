import { ListTimeOffRequest } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BarberNotFoundError } from '../../../barbers/domain/barber.errors';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { CLOCK, Clock } from '../../../shared/clock';
import { canManageBarber, parseActor } from '../../../shared/domain/actor';
import { ForbiddenError } from '../../../shared/domain/common.errors';
import { isUuid } from '../../../shared/domain/input';
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
    const actor = parseActor(request?.actor);
    if (!isUuid(request.barberId)) throw new BarberNotFoundError();
    if (!canManageBarber(actor, request.barberId)) throw new ForbiddenError('Only an admin or that barber can see their time off.');
    const barber = await loadBarber(this.dataSource.manager, request.barberId);
    return timeOffRepository.listCurrentAndFuture(this.dataSource.manager, barber.id, this.clock.now());
  }
}
