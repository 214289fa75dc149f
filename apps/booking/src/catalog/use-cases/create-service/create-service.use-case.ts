import { CLOCK, Clock } from '@app/platform';
import { CreateServiceRequest, parseActor, requireRole } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Service, validateNewService } from '../../domain/service';
import { serviceRepository } from '../../persistence/service.repository';

@Injectable()
export class CreateServiceUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: CreateServiceRequest): Promise<Service> {
    requireRole(parseActor(request?.actor), 'admin');
    const fields = validateNewService(request);
    const service: Service = { id: randomUUID(), ...fields, active: true, createdAt: this.clock.now() };
    await serviceRepository.insert(this.dataSource.manager, service);
    return service;
  }
}
