import { CLOCK, Clock } from '@app/platform';
import { RemoveTimeOffRequest } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requireScheduleManager } from '../../../barbers/domain/barber-access';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { isUuid } from '../../../shared/domain/input';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { TimeOffNotFoundError } from '../../domain/slot.errors';
import { TimeOff } from '../../domain/time-off';
import { slotChangedPayload } from '../../persistence/slot.mapper';
import { slotRepository } from '../../persistence/slot.repository';
import { timeOffRepository } from '../../persistence/time-off.repository';

export interface TimeOffRemoved extends TimeOff {
  /** Future slots inside it that are bookable again. */
  blockedSlots: number;
}

/**
 * Removes a period of time off: its future blocked slots become available again, except where
 * another period of time off still covers them. Admin or that barber.
 */
@Injectable()
export class RemoveTimeOffUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(request: RemoveTimeOffRequest): Promise<TimeOffRemoved> {
    requireScheduleManager(request, 'remove their time off');
    if (!isUuid(request.timeOffId)) throw new TimeOffNotFoundError();
    const now = this.clock.now();

    return this.dataSource.transaction(async (manager) => {
      const barber = await loadBarber(manager, request.barberId);
      await lockBarberSchedule(manager, barber.id);
      const removed = await timeOffRepository.delete(manager, barber.id, request.timeOffId);
      if (!removed) throw new TimeOffNotFoundError();
      const reopened = await slotRepository.unblockOutsideTimeOff(manager, barber.id, removed.startsAt, removed.endsAt, now);
      const changed = slotChangedPayload(barber.id, { current: reopened });
      if (changed) await this.outbox.publish(manager, 'slot.changed', changed);
      return { ...removed, blockedSlots: reopened.length };
    });
  }
}
