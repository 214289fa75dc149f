import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { ObservabilityModule, serviceDatabaseModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { PAYMENTS_CONFIG, PaymentsConfig } from './payments.config';
import { paymentsDataSourceOptions } from './database/data-source';

@Module({})
export class PaymentsModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        serviceDatabaseModule(() => paymentsDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'payments', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'payments',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          consumer: { queue: QUEUES.paymentsInbox },
        }),
      ],
      providers: [{ provide: PAYMENTS_CONFIG, useValue: config }],
      exports: [PAYMENTS_CONFIG],
    };
  }
}
