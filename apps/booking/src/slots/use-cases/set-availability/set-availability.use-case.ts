import { CLOCK, Clock } from '@app/platform';
import { AvailabilityPreviewResource, SetAvailabilityRequest } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Barber } from '../../../barbers/domain/barber';
import { requireScheduleManager } from '../../../barbers/domain/barber-access';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { AvailabilityTemplate, validateAvailability } from '../../domain/availability';
import { localDateOf } from '../../domain/local-date';
import { Slot } from '../../domain/slot';
import { availabilityTemplateRepository } from '../../persistence/availability-template.repository';
import { slotChangedPayload } from '../../persistence/slot.mapper';
import { slotRepository } from '../../persistence/slot.repository';
import { FillSlotGridUseCase } from '../fill-slot-grid/fill-slot-grid.use-case';

export interface AvailabilityChange extends AvailabilityTemplate {
  barberId: string;
  slotsRemoved: number;
  slotsCreated: number;
}

/** What one regeneration did, slot by slot (for the counts and the preview). */
interface Relaid {
  removed: Slot[];
  created: Slot[];
  /** Held and booked future slots the new grid does not have: left as they are. */
  kept: Slot[];
}

const slotKey = (slot: { startsAt: Date; endsAt: Date }) => `${slot.startsAt.getTime()}/${slot.endsAt.getTime()}`;

/** Thrown inside a preview's transaction so that everything it did is rolled back. */
class PreviewRollback extends Error {
  constructor(readonly preview: AvailabilityPreviewResource) {
    super('preview rollback');
  }
}

/**
 * Replaces a barber's weekly template and regenerates their future free slots: free slots the
 * new grid does not have are deleted, missing ones created (blocked inside time off). Slots
 * the new grid keeps stay as they are, ids included; held and booked slots are never touched,
 * and a new slot that would overlap one of them is not created.
 *
 * The preview runs the very same change in a transaction and rolls it back, so what it shows
 * is what saving would do (as of that moment), not a second implementation that could drift.
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
    const template = this.authorize(request);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const barber = await loadBarber(manager, request.barberId);
      await lockBarberSchedule(manager, barber.id);
      await availabilityTemplateRepository.save(manager, barber.id, template, now);
      const { removed, created } = await this.relay(manager, barber, template, now);
      return { barberId: barber.id, ...template, slotsRemoved: removed.length, slotsCreated: created.length };
    });
  }

  async preview(request: SetAvailabilityRequest): Promise<AvailabilityPreviewResource> {
    const template = this.authorize(request);
    const now = this.clock.now();
    try {
      await this.dataSource.transaction(async (manager) => {
        const barber = await loadBarber(manager, request.barberId);
        await lockBarberSchedule(manager, barber.id);
        throw new PreviewRollback(summarize(barber, await this.relay(manager, barber, template, now)));
      });
    } catch (error) {
      if (error instanceof PreviewRollback) return error.preview;
      throw error;
    }
    throw new Error('a preview transaction ended without its rollback');
  }

  /**
   * Lays the barber's future free slots out again for `template` in the caller's transaction
   * (which holds the barber's schedule lock) and tells the live feeds. Also used when a
   * barber's time zone changes: the same wall-clock hours fall on other instants.
   */
  async relay(manager: EntityManager, barber: Barber, template: AvailabilityTemplate, now: Date): Promise<Relaid> {
    const grid = { barberId: barber.id, timeZone: barber.timeZone, template, now };
    const wanted = new Set(this.fillGrid.grid(grid).map(slotKey));
    const stale = (await slotRepository.listFreeFuture(manager, barber.id, now)).filter((slot) => !wanted.has(slotKey(slot)));
    const removed = await slotRepository.deleteFree(
      manager,
      barber.id,
      now,
      stale.map((slot) => slot.id),
    );
    const created = await this.fillGrid.execute(manager, grid);
    const kept = (await slotRepository.listTakenFuture(manager, barber.id, now)).filter((slot) => !wanted.has(slotKey(slot)));

    const changed = slotChangedPayload(barber.id, { removed, current: created });
    if (changed) await this.outbox.publish(manager, 'slot.changed', changed);
    return { removed, created, kept };
  }

  private authorize(request: SetAvailabilityRequest): AvailabilityTemplate {
    requireScheduleManager(request, 'change their availability');
    return validateAvailability(request);
  }
}

function summarize(barber: Barber, relaid: Relaid): AvailabilityPreviewResource {
  const days = new Map<string, { date: string; added: number; removed: number; kept: number }>();
  const count = (slots: Slot[], field: 'added' | 'removed' | 'kept') => {
    for (const slot of slots) {
      const date = localDateOf(slot.startsAt, barber.timeZone);
      const day = days.get(date) ?? { date, added: 0, removed: 0, kept: 0 };
      day[field] += 1;
      days.set(date, day);
    }
  };
  count(relaid.created, 'added');
  count(relaid.removed, 'removed');
  count(relaid.kept, 'kept');
  return {
    barberId: barber.id,
    slotsAdded: relaid.created.length,
    slotsRemoved: relaid.removed.length,
    heldOrBookedKept: relaid.kept.length,
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
