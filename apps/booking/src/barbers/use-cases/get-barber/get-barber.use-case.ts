import { canManageBarber, GetBarberRequest, parseActor } from '@app/contracts';
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

/** A barber, active or not (a deactivated barber's hours and time off can still be read and changed by staff). */
export async function loadBarber(manager: EntityManager, barberId: unknown): Promise<Barber> {
  if (!isUuid(barberId)) throw new BarberNotFoundError();
  const barber = await barberRepository.findById(manager, barberId);
  if (!barber) throw new BarberNotFoundError();
  return barber;
}

/** Customers see active barbers only; an admin or the barber themselves also a deactivated one. */
@Injectable()
export class GetBarberUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: GetBarberRequest): Promise<Barber> {
    const barber = await loadBarber(this.dataSource.manager, request?.barberId);
    if (barber.active) return barber;
    const actor = request.actor ? parseActor(request.actor) : null;
    if (actor && canManageBarber(actor, barber.id)) return barber;
    throw new BarberNotFoundError();
  }
}
