import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { ObservabilityModule, serviceDatabaseModule } from '@app/platform';
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { AuthModule } from './auth/auth.module';
import { BarbersModule } from './barbers/barbers.module';
import { BookingsModule } from './bookings/bookings.module';
import { CalendarModule } from './calendar/calendar.module';
import { CatalogModule } from './catalog/catalog.module';
import { gatewayDataSourceOptions } from './database/data-source';
import { GATEWAY_CONFIG, GatewayConfig, insecureDefaultsOf } from './gateway.config';
import { LiveModule } from './live/live.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RpcClientsModule } from './rpc-clients/rpc-clients.module';
import { UsersModule } from './users/users.module';

@Injectable()
class InsecureDefaultsWarning implements OnApplicationBootstrap {
  private readonly logger = new Logger('Security');

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  onApplicationBootstrap(): void {
    for (const warning of insecureDefaultsOf(this.config)) {
      this.logger.warn(`!!! INSECURE DEFAULT !!! ${warning}`);
    }
  }
}

@Module({})
class GatewayConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      global: true,
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
      exports: [GATEWAY_CONFIG],
    };
  }
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        serviceDatabaseModule(() => gatewayDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'gateway', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'gateway',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          // Live-feed pushes are idempotent by nature (same SSE id twice): no inbox table needed.
          consumer: { queue: QUEUES.gatewayLive, idempotency: 'none' },
        }),
        RpcClientsModule,
        RateLimitModule,
        AuthModule,
        UsersModule,
        BarbersModule,
        CatalogModule,
        BookingsModule,
        CalendarModule,
        AppointmentsModule,
        LiveModule,
        AdminModule,
      ],
      providers: [InsecureDefaultsWarning],
    };
  }
}
