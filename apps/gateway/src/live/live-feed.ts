import { failFastRedisOptions, redisOptionsFromUrl } from '@app/platform';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LiveChange, isLiveChange } from './live-change';

export type LiveListener = (change: LiveChange) => void;

/** How many recent changes each process keeps to replay after a reconnect's Last-Event-ID. */
export const REPLAY_BUFFER_SIZE = 1000;

/**
 * Fans live changes out to every gateway process. The relays broadcast the messages routed to
 * gateway-live (BROADCAST_QUEUES), so every gateway process receives each one and hands its
 * changes to its own SSE streams. A message that comes as a job of the gateway-live queue
 * instead (a replayed dead letter) reaches ONE process, which publishes the changes on the
 * Redis channel `<QUEUE_PREFIX>:live`; every process (this one included) subscribes to it on a
 * dedicated connection. Each process also keeps the last REPLAY_BUFFER_SIZE changes so a
 * client reconnecting with Last-Event-ID misses nothing recent.
 */
@Injectable()
export class LiveFeed implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly channel: string;
  private readonly listeners = new Set<LiveListener>();
  private readonly recent: LiveChange[] = [];
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly closers = new Set<() => void>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.channel = `${config.queuePrefix}:live`;
  }

  async onModuleInit(): Promise<void> {
    this.publisher = new Redis(failFastRedisOptions(this.config.redisUrl));
    this.publisher.on('error', () => undefined);
    // Dedicated connection: a subscribed connection can do nothing else. It keeps retrying and
    // re-subscribes by itself after Redis restarts (ioredis autoResubscribe).
    this.subscriber = new Redis({ ...redisOptionsFromUrl(this.config.redisUrl), lazyConnect: true });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`live-feed subscriber: ${error.message}`));
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
    try {
      await this.subscriber.connect();
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      // Redis away at start: the connection keeps retrying and subscribes when it comes back.
      this.logger.warn(`live feeds wait for Redis: ${(error as Error).message}`);
    }
  }

  /**
   * The changes of one message, to every gateway process: when every process received the
   * message (a broadcast), this one's own streams; else through the `:live` channel.
   */
  async emit(changes: readonly LiveChange[], delivery: 'one-process' | 'every-process'): Promise<void> {
    if (delivery === 'every-process') {
      for (const change of changes) this.deliver(change);
      return;
    }
    await this.publish(changes);
  }

  /** Sends changes to every gateway process (this one included). Throws when Redis is away, so the job is retried. */
  async publish(changes: readonly LiveChange[]): Promise<void> {
    if (!this.publisher) throw new Error('LiveFeed is not started');
    for (const change of changes) {
      await this.publisher.publish(this.channel, JSON.stringify(change));
    }
  }

  /** Calls `listener` with every change this process receives from now on; returns the unsubscribe. */
  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many streams of this process are listening (for tests and metrics). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Changes received after the one with id `lastEventId`, or null when that id is no longer (or never was) in the buffer. */
  since(lastEventId: string): LiveChange[] | null {
    const index = this.recent.findIndex((change) => change.id === lastEventId);
    return index === -1 ? null : this.recent.slice(index + 1);
  }

  /** Registers what to call to end an open stream when the app shuts down (an open SSE response would hold the server open). */
  onShutdown(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  private receive(text: string): void {
    let change: unknown;
    try {
      change = JSON.parse(text);
    } catch {
      this.logger.warn('ignored a live change that is not JSON');
      return;
    }
    if (!isLiveChange(change)) {
      this.logger.warn('ignored a live change of unknown shape');
      return;
    }
    this.deliver(change);
  }

  private deliver(change: LiveChange): void {
    this.recent.push(change);
    if (this.recent.length > REPLAY_BUFFER_SIZE) this.recent.splice(0, this.recent.length - REPLAY_BUFFER_SIZE);
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.logger.warn(`a live listener failed: ${(error as Error).message}`);
      }
    }
  }

  onModuleDestroy(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
    this.listeners.clear();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
    this.subscriber = null;
    this.publisher = null;
  }
}
