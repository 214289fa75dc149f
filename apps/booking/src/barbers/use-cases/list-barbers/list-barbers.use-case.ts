import { ListBarbersRequest, parseActor, requireRole } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Barber } from '../../domain/barber';
import { barberRepository } from '../../persistence/barber.repository';

/** Active barbers by name; with `includeInactive` (admins only) the deactivated ones too. */
@Injectable()
export class ListBarbersUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute(request?: ListBarbersRequest): Promise<Barber[]> {
    if (request?.includeInactive === true) {
      requireRole(parseActor(request.actor), 'admin');
      return barberRepository.listAll(this.dataSource.manager);
    }
    return barberRepository.listActive(this.dataSource.manager);
  }
}
