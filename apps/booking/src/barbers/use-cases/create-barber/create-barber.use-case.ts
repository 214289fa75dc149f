import { CLOCK, Clock } from '@app/platform';
import { CreateBarberRequest, parseActor, requireRole } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Barber, validateNewBarber } from '../../domain/barber';
import { barberRepository } from '../../persistence/barber.repository';

@Injectable()
export class CreateBarberUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: CreateBarberRequest): Promise<Barber> {
    requireRole(parseActor(request?.actor), 'admin');
    const fields = validateNewBarber(request);
    const now = this.clock.now();
    const barber: Barber = { id: randomUUID(), ...fields, active: true, createdAt: now, updatedAt: now };
    await barberRepository.insert(this.dataSource.manager, barber);
    return barber;
  }
}
