import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { barberRepository } from '../../../barbers/persistence/barber.repository';
import { localDateOf } from '../../domain/local-date';
import { Slot } from '../../domain/slot';
import { isInGrid } from '../../domain/slot-generation';
import { availabilityTemplateRepository } from '../../persistence/availability-template.repository';
import { slotRepository } from '../../persistence/slot.repository';
import { FillSlotGridUseCase } from '../fill-slot-grid/fill-slot-grid.use-case';

export interface ReleasedSlots {
  /** Slots now available (released, or created in place of released ones that left the grid). */
  current: Slot[];
  /** Released slots deleted because the template no longer has them. */
  removed: Slot[];
}

/**
 * Frees the slots a booking held or had booked, inside the caller's transaction, which must hold the
 * barber's schedule lock (lockBarberSchedules) before it touches the booking's slots. A template change while
 * they were taken left them in place; if the template no longer has them, they are deleted
 * and the current grid fills their day instead, so hours the barber gave up never reopen.
 */
@Injectable()
export class ReleaseBookingSlotsUseCase {
  constructor(private readonly fillGrid: FillSlotGridUseCase) {}

  /** `onlySlotIds`: release just these of the booking's slots (a reschedule keeps the ones its new time shares). */
  async execute(
    manager: EntityManager,
    booking: { id: string; barberId: string },
    now: Date,
    onlySlotIds: string[] | null = null,
  ): Promise<ReleasedSlots> {
    if (onlySlotIds !== null && onlySlotIds.length === 0) return { current: [], removed: [] };
    const released = await slotRepository.release(manager, booking.id, now, onlySlotIds);
    if (released.length === 0) return { current: [], removed: [] };
    const barber = await barberRepository.findById(manager, booking.barberId);
    const template = await availabilityTemplateRepository.find(manager, booking.barberId);
    if (!barber || !template) return { current: released, removed: [] };
    const offGrid = released.filter((slot) => !isInGrid(template, barber.timeZone, slot));
    if (offGrid.length === 0) return { current: released, removed: [] };

    const removed = await slotRepository.deleteFree(manager, booking.barberId, now, offGrid.map((slot) => slot.id));
    const removedIds = new Set(removed.map((slot) => slot.id));
    const dates = removed.map((slot) => localDateOf(slot.startsAt, barber.timeZone)).sort();
    const created =
      dates.length > 0
        ? await this.fillGrid.execute(manager, {
            barberId: barber.id,
            timeZone: barber.timeZone,
            template,
            now,
            fromDate: dates[0],
            toDate: dates[dates.length - 1],
          })
        : [];
    return { current: [...released.filter((slot) => !removedIds.has(slot.id)), ...created], removed };
  }
}
