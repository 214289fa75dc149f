import { SetAvailabilityRequest } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BarberNotFoundError } from '../../../barbers/domain/barber.errors';
import { loadActiveBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { CLOCK, Clock } from '../../../shared/clock';
import { canManageBarber, parseActor } from '../../../shared/domain/actor';
import { ForbiddenError } from '../../../shared/domain/common.errors';
import { isUuid } from '../../../shared/domain/input';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { AvailabilityTemplate, validateAvailability } from '../../domain/availability';
import { availabilityTemplateRepository } from '../../persistence/availability-template.repository';
import { slotChangedPayload } from '../../persistence/slot.mapper';
import { slotRepository } from '../../persistence/slot.repository';
import { FillSlotGridUseCase } from '../fill-slot-grid/fill-slot-grid.use-case';

export interface AvailabilityChange extends AvailabilityTemplate {
  barberId: string;
  slotsRemoved: number;
  slotsCreated: number;
}

const slotKey = (slot: { startsAt: Date; endsAt: Date }) => `${slot.startsAt.getTime()}/${slot.endsAt.getTime()}`;

/**
 * Replaces a barber's weekly template and regenerates their future free slots: free slots the
 * new grid does not have are deleted, missing ones created (blocked inside time off). Slots
 * the new grid keeps stay as they are, ids included; held and booked slots are never touched,
 * and a new slot that would overlap one of them is not created.
 */
@Injectable()
export class SetAvailabilityUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly fillGrid: FillSlotGridUseCase,
  ) {}

  async execute(request: SetAvailabilityRequest): Promise<AvailabilityChange> {
    const actor = parseActor(request?.actor);
    if (!isUuid(request.barberId)) throw new BarberNotFoundError();
    if (!canManageBarber(actor, request.barberId)) throw new ForbiddenError('Only an admin or that barber can change their availability.');
    const template = validateAvailability(request);
    const now = this.clock.now();

    return this.dataSource.transaction(async (manager) => {
      const barber = await loadActiveBarber(manager, request.barberId);
      await lockBarberSchedule(manager, barber.id);
      await availabilityTemplateRepository.save(manager, barber.id, template, now);

      const grid = { barberId: barber.id, timeZone: barber.timeZone, template, now };
      const wanted = new Set(this.fillGrid.grid(grid).map(slotKey));
      const stale = (await slotRepository.listFreeFuture(manager, barber.id, now)).filter((slot) => !wanted.has(slotKey(slot)));
      const removed = await slotRepository.deleteFree(manager, barber.id, now, stale.map((slot) => slot.id));
      const created = await this.fillGrid.execute(manager, grid);

      const changed = slotChangedPayload(barber.id, { removed, current: created });
      if (changed) await this.outbox.publish(manager, 'slot.changed', changed);
      return { barberId: barber.id, ...template, slotsRemoved: removed.length, slotsCreated: created.length };
    });
  }
}
