import { broadcastChannelOf } from '@app/contracts';
import { counter, redisOptionsFromUrl } from '@app/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from '../messaging.options';
import { InboxService } from './inbox.service';

const broadcastFailures = counter(
  'broadcast_messages_failed_total',
  'Broadcast messages (BROADCAST_QUEUES) a process received but could not apply',
  ['queue', 'reason'],
);

/**
 * The receiving end of a broadcast queue (BROADCAST_QUEUES): every process of the consumer
 * subscribes to the queue's channel and applies each envelope the relays publish there through
 * the inbox's own path (envelope and payload checked, upcast, the type's handler), with
 * `delivery: 'every-process'`. At most once, as the channel is: a message published while this
 * process is not subscribed is not seen here. A message that fails is logged and counted
 * (`broadcast_messages_failed_total`); broadcasts only ever notify, they never hold state.
 */
@Injectable()
export class BroadcastSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly queue: string;
  private readonly channel: string;
  private subscriber: Redis | null = null;
  /** Broadcasts are applied one after another, in the order they arrived (a later change must not overtake an earlier one). */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly inbox: InboxService,
  ) {
    if (!options.consumer) throw new Error('BroadcastSubscriber needs consumer options');
    this.queue = options.consumer.queue;
    this.channel = broadcastChannelOf(options.prefix, this.queue);
    this.logger = new Logger(`BroadcastSubscriber(${this.queue})`);
  }

  /** After the handler registry has been checked (module init), like the inbox worker. */
  async onApplicationBootstrap(): Promise<void> {
    // Dedicated connection (a subscribed one can do nothing else); ioredis re-subscribes by itself after Redis restarts.
    const subscriber = new Redis({ ...redisOptionsFromUrl(this.options.redisUrl), lazyConnect: true });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.logger.warn(`subscriber: ${error.message}`));
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.applying = this.applying.then(() => this.receive(text));
    });
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.channel);
    } catch (error) {
      this.logger.warn(`broadcasts wait for Redis: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private async receive(text: string): Promise<void> {
    let envelopes: unknown;
    try {
      envelopes = JSON.parse(text);
    } catch {
      envelopes = null;
    }
    if (!Array.isArray(envelopes)) {
      broadcastFailures.inc({ queue: this.queue, reason: 'unreadable' });
      this.logger.error(`ignored a broadcast on ${this.channel} that is not a JSON array of envelopes`);
      return;
    }
    for (const envelope of envelopes) {
      try {
        await this.inbox.processEnvelope(envelope, { attempt: 1, delivery: 'every-process' });
      } catch (error) {
        broadcastFailures.inc({ queue: this.queue, reason: (error as Error).name });
        const id = (envelope as { id?: unknown } | null)?.id;
        this.logger.error(`broadcast message ${typeof id === 'string' ? id : '(no id)'} not applied: ${(error as Error).message}`);
      }
    }
  }
}
