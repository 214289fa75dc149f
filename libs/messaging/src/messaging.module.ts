import { BullModule } from '@nestjs/bullmq';
import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Redis } from 'ioredis';
import { DeadLetterService } from './dead-letter/dead-letter.service';
import { BROADCAST_QUEUES, QueueName } from '@app/contracts';
import { BroadcastSubscriber } from './inbox/broadcast.subscriber';
import { HandlerRegistry } from './inbox/handler.registry';
import { INBOX_WORKER, createInboxProcessor } from './inbox/inbox.processor';
import { InboxService } from './inbox/inbox.service';
import {
  MESSAGING_OPTIONS,
  MessagingOptions,
  ResolvedMessagingOptions,
  resolveMessagingOptions,
} from './messaging.options';
import { OutboxCommitSignal } from './outbox/outbox-commit.signal';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { producerRedisOptions, workerRedisOptions } from './redis/connections';
import { QueueRegistry } from './redis/queue-registry';
import { checkRedisEvictionPolicy } from './redis/redis-policy.check';

@Injectable()
class RedisPolicyCheck implements OnApplicationBootstrap {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const redis = new Redis({ ...producerRedisOptions(this.options.redisUrl), enableOfflineQueue: true });
    redis.on('error', () => undefined);
    try {
      await checkRedisEvictionPolicy(redis, new Logger('Redis'));
    } finally {
      redis.disconnect();
    }
  }
}

/**
 * The messaging backbone of one service: with `producer`, the outbox writer and relay;
 * with `consumer`, the inbox worker, its handlers and dead-letter routing. Needs the
 * app's TypeORM data source (the outbox and inbox live in the service's own database).
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const resolved = resolveMessagingOptions(options);
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: resolved },
      QueueRegistry,
      DeadLetterService,
      RedisPolicyCheck,
    ];
    const exported: Array<Provider | symbol> = [MESSAGING_OPTIONS, QueueRegistry, DeadLetterService];
    const imports: DynamicModule[] = [];
    if (resolved.producer) {
      providers.push(OutboxCommitSignal, OutboxWriter, OutboxRelay);
      exported.push(OutboxWriter, OutboxRelay);
    }
    if (resolved.consumer) {
      imports.push(
        DiscoveryModule as unknown as DynamicModule,
        BullModule.forRoot({ connection: workerRedisOptions(resolved.redisUrl), prefix: resolved.prefix }),
        // Registering the queue is what brings in @nestjs/bullmq's explorer, which starts the worker.
        BullModule.registerQueue({ name: resolved.consumer.queue }),
      );
      const processor = createInboxProcessor(resolved.consumer);
      providers.push(HandlerRegistry, InboxService, processor, { provide: INBOX_WORKER, useExisting: processor });
      // A broadcast queue's messages come by Redis pub/sub; its queue still carries replayed dead letters.
      if (BROADCAST_QUEUES.has(resolved.consumer.queue as QueueName)) providers.push(BroadcastSubscriber);
      exported.push(InboxService, INBOX_WORKER);
    }
    return { module: MessagingModule, global: true, imports, providers, exports: exported };
  }
}
