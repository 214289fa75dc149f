import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Service } from '../../domain/service';
import { ServiceNotFoundError } from '../../domain/service.errors';
import { serviceRepository } from '../../persistence/service.repository';

/** One service, retired ones included (they say `active: false`): old bookings link to them. */
@Injectable()
export class GetServiceUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: { serviceId?: unknown }): Promise<Service> {
    if (!isUuid(request?.serviceId)) throw new ServiceNotFoundError();
    const service = await serviceRepository.findById(this.dataSource.manager, request.serviceId);
    if (!service) throw new ServiceNotFoundError();
    return service;
  }
}
