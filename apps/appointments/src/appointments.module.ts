import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { ObservabilityModule, serviceDatabaseModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from './appointments.config';
import { appointmentsDataSourceOptions } from './database/data-source';

@Module({})
export class AppointmentsModule {
  static forRoot(config: AppointmentsConfig): DynamicModule {
    return {
      module: AppointmentsModule,
      imports: [
        serviceDatabaseModule(() => appointmentsDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'appointments', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'appointments',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          consumer: { queue: QUEUES.appointmentsInbox },
        }),
      ],
      providers: [{ provide: APPOINTMENTS_CONFIG, useValue: config }],
      exports: [APPOINTMENTS_CONFIG],
    };
  }
}
