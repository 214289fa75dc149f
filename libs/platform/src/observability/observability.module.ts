import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { failFastRedisOptions } from '../redis/redis-options';
import { HealthRegistry } from './health.registry';
import { ObservabilityController } from './observability.controller';

const HEALTH_REDIS = Symbol('HEALTH_REDIS');
const CHECK_TIMEOUT_MS = 1500;

let defaultMetricsStarted = false;

export interface ObservabilityOptions {
  service: string;
  redisUrl: string;
}

/** Registers the checks every service has: its own database (when it has one) and Redis. */
@Injectable()
class StandardHealthChecks implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
    @Optional() @Inject(getDataSourceToken()) private readonly dataSource?: DataSource,
  ) {}

  onModuleInit(): void {
    const dataSource = this.dataSource;
    if (dataSource) {
      this.registry.register('database', () =>
        this.typeorm.pingCheck('database', { connection: dataSource }).withTimeout(CHECK_TIMEOUT_MS),
      );
    }
    this.registry.register('redis', () =>
      this.indicators
        .check('redis')
        .attempt(async () => {
          await this.redis.ping();
        })
        .withTimeout(CHECK_TIMEOUT_MS),
    );
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** `/health` (terminus: database and Redis, plus whatever else registers) and `/metrics` (prom-client). */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    if (!defaultMetricsStarted) {
      defaultMetricsStarted = true;
      register.setDefaultLabels({ service: options.service });
      collectDefaultMetrics();
    }
    return {
      module: ObservabilityModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers: [ObservabilityController],
      providers: [
        HealthRegistry,
        StandardHealthChecks,
        {
          provide: HEALTH_REDIS,
          useFactory: () => new Redis(failFastRedisOptions(options.redisUrl)).on('error', () => undefined),
        },
      ],
      exports: [HealthRegistry],
    };
  }
}
