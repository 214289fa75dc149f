import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BOOKING_CONFIG, BookingConfig } from '../../../booking.config';
import { AvailabilityTemplate } from '../../domain/availability';
import { addDays, localDateOf } from '../../domain/local-date';
import { Slot } from '../../domain/slot';
import { generateSlots, SlotTime } from '../../domain/slot-generation';
import { slotRepository } from '../../persistence/slot.repository';

export interface GridRequest {
  barberId: string;
  timeZone: string;
  template: AvailabilityTemplate;
  now: Date;
  /** Local dates to fill, clamped to today … today + SLOT_HORIZON_DAYS; the whole horizon by default. */
  fromDate?: string;
  toDate?: string;
}

/**
 * Creates the template's missing future slots of one barber, inside the caller's transaction
 * (which holds that barber's schedule lock). Existing slots are left as they are.
 */
@Injectable()
export class FillSlotGridUseCase {
  constructor(@Inject(BOOKING_CONFIG) private readonly config: BookingConfig) {}

  /** The grid the template asks for over the (clamped) dates, future slots only. */
  grid(request: GridRequest): SlotTime[] {
    const today = localDateOf(request.now, request.timeZone);
    const horizonEnd = addDays(today, this.config.slotHorizonDays);
    const from = request.fromDate && request.fromDate > today ? request.fromDate : today;
    const to = request.toDate && request.toDate < horizonEnd ? request.toDate : horizonEnd;
    if (from > to) return [];
    return generateSlots(request.template, request.timeZone, from, to).filter(
      (slot) => slot.startsAt.getTime() > request.now.getTime(),
    );
  }

  async execute(manager: EntityManager, request: GridRequest): Promise<Slot[]> {
    return slotRepository.insertGrid(manager, request.barberId, this.grid(request), request.now);
  }
}
