import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Service } from '../../domain/service';
import { serviceRepository } from '../../persistence/service.repository';

@Injectable()
export class ListServicesUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute(): Promise<Service[]> {
    return serviceRepository.listActive(this.dataSource.manager);
  }
}
