import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { ObservabilityModule, serviceDatabaseModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { BOOKING_CONFIG, BookingConfig } from './booking.config';
import { bookingDataSourceOptions } from './database/data-source';

@Module({})
export class BookingModule {
  static forRoot(config: BookingConfig): DynamicModule {
    return {
      module: BookingModule,
      imports: [
        serviceDatabaseModule(() => bookingDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'booking', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'booking',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          consumer: { queue: QUEUES.bookingInbox },
        }),
      ],
      providers: [{ provide: BOOKING_CONFIG, useValue: config }],
      exports: [BOOKING_CONFIG],
    };
  }
}
