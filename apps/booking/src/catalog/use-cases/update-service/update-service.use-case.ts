import { parseActor, requireRole, UpdateServiceRequest } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/domain/input';
import { Service, validateServiceChanges } from '../../domain/service';
import { ServiceNotFoundError } from '../../domain/service.errors';
import { serviceRepository } from '../../persistence/service.repository';

/**
 * An admin edits a catalog entry. Bookings copy the price, currency and name when they are
 * made, so nothing here reaches an existing booking. Retiring (`active: false`) hides the
 * service from customers and refuses new bookings (SERVICE_INACTIVE).
 */
@Injectable()
export class UpdateServiceUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(request: UpdateServiceRequest): Promise<Service> {
    requireRole(parseActor(request?.actor), 'admin');
    if (!isUuid(request.serviceId)) throw new ServiceNotFoundError();
    const changes = validateServiceChanges(request);
    return this.dataSource.transaction(async (manager) => {
      const current = await serviceRepository.findById(manager, request.serviceId);
      if (!current) throw new ServiceNotFoundError();
      const updated: Service = { ...current, ...changes };
      await serviceRepository.update(manager, updated);
      return updated;
    });
  }
}
