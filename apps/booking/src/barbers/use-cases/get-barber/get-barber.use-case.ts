import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Barber } from '../../domain/barber';
import { BarberNotFoundError } from '../../domain/barber.errors';
import { barberRepository } from '../../persistence/barber.repository';

/** An active barber, or BARBER_NOT_FOUND (also for an id that is not a UUID). */
export async function loadActiveBarber(manager: EntityManager, barberId: unknown): Promise<Barber> {
  if (!isUuid(barberId)) throw new BarberNotFoundError();
  const barber = await barberRepository.findActive(manager, barberId);
  if (!barber) throw new BarberNotFoundError();
  return barber;
}

@Injectable()
export class GetBarberUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute(request: { barberId?: unknown }): Promise<Barber> {
    return loadActiveBarber(this.dataSource.manager, request?.barberId);
  }
}
