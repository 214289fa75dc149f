import { CLOCK, Clock } from '@app/platform';
import { parseActor, requireRole, UpdateBarberRequest } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { lockBarberSchedule } from '../../../shared/persistence/sql';
import { availabilityTemplateRepository } from '../../../slots/persistence/availability-template.repository';
import { SetAvailabilityUseCase } from '../../../slots/use-cases/set-availability/set-availability.use-case';
import { Barber, validateBarberChanges } from '../../domain/barber';
import { BarberNotFoundError } from '../../domain/barber.errors';
import { barberRepository } from '../../persistence/barber.repository';

/**
 * An admin edits a barber. Deactivating hides them from customers and refuses new bookings
 * (BARBER_INACTIVE); their existing bookings and slots stay as they are. A new time zone moves
 * the same wall-clock hours to other instants, so their future free slots are laid out again
 * (held and booked ones are never touched).
 */
@Injectable()
export class UpdateBarberUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly availability: SetAvailabilityUseCase,
  ) {}

  async execute(request: UpdateBarberRequest): Promise<Barber> {
    requireRole(parseActor(request?.actor), 'admin');
    if (!isUuid(request.barberId)) throw new BarberNotFoundError();
    const changes = validateBarberChanges(request);
    const now = this.clock.now();

    return this.dataSource.transaction(async (manager) => {
      await lockBarberSchedule(manager, request.barberId);
      const current = await barberRepository.lockById(manager, request.barberId);
      if (!current) throw new BarberNotFoundError();
      const updated: Barber = { ...current, ...changes, updatedAt: now };
      await barberRepository.update(manager, updated);
      if (updated.timeZone !== current.timeZone) {
        const template = await availabilityTemplateRepository.find(manager, updated.id);
        if (template) await this.availability.relay(manager, updated, template, now);
      }
      return updated;
    });
  }
}
