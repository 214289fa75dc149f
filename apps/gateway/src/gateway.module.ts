import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { ObservabilityModule, serviceDatabaseModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { gatewayDataSourceOptions } from './database/data-source';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        serviceDatabaseModule(() => gatewayDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'gateway', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'gateway',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          // Live-feed pushes are idempotent by nature (same SSE id twice): no inbox table needed.
          consumer: { queue: QUEUES.gatewayLive, idempotency: 'none' },
        }),
      ],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
      exports: [GATEWAY_CONFIG],
    };
  }
}
