import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Barber } from '../../domain/barber';
import { barberRepository } from '../../persistence/barber.repository';

@Injectable()
export class ListBarbersUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute(): Promise<Barber[]> {
    return barberRepository.listActive(this.dataSource.manager);
  }
}
