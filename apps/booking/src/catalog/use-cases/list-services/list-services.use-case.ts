import { ListServicesRequest, parseActor, requireRole } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Service } from '../../domain/service';
import { serviceRepository } from '../../persistence/service.repository';

/** The catalog by name; with `includeInactive` (admins only) retired services too, after the offered ones. */
@Injectable()
export class ListServicesUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute(request?: ListServicesRequest): Promise<Service[]> {
    if (request?.includeInactive === true) {
      requireRole(parseActor(request.actor), 'admin');
      return serviceRepository.listAll(this.dataSource.manager);
    }
    return serviceRepository.listActive(this.dataSource.manager);
  }
}
