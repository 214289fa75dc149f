import { Module } from '@nestjs/common';
import { BarbersController } from './barbers.controller';

/** Barbers, their availability, time off and slots: owned by the booking service, reached over RPC. */
@Module({ controllers: [BarbersController] })
export class BarbersModule {}
