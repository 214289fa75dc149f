import { AvailabilityTemplateResource } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadBarber } from '../../../barbers/use-cases/get-barber/get-barber.use-case';
import { availabilityTemplateRepository } from '../../persistence/availability-template.repository';

/** Slot length shown for a barber who has never published hours. */
const DEFAULT_SLOT_MINUTES = 30;

/** A barber's weekly template as stored; no hours yet is an empty week, not an error. */
@Injectable()
export class GetAvailabilityUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: { barberId?: unknown }): Promise<AvailabilityTemplateResource> {
    const barber = await loadBarber(this.dataSource.manager, request?.barberId);
    const template = await availabilityTemplateRepository.find(this.dataSource.manager, barber.id);
    return {
      barberId: barber.id,
      slotMinutes: template?.slotMinutes ?? DEFAULT_SLOT_MINUTES,
      weekly: (template?.weekly ?? []).map(({ weekday, start, end }) => ({ weekday, start, end })),
    };
  }
}
