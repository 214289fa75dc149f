import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from '../messaging.options';
import { MESSAGE_HANDLER, MessageHandler } from './message-handler';

/**
 * Finds the @HandlesMessage providers and checks them against the routing table at boot:
 * every type routed to this service's queue needs exactly one handler, and a handler for
 * a type that is not routed here would never run. Either mistake stops the service.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const queue = this.options.consumer?.queue;
    if (!queue) return;
    const found = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!metatype || !wrapper.instance) continue;
      const type = this.reflector.get<string | undefined>(MESSAGE_HANDLER, metatype);
      if (!type) continue;
      found.set(type, [...(found.get(type) ?? []), metatype.name]);
      this.handlers.set(type, wrapper.instance as MessageHandler);
    }
    const routedHere = Object.entries(this.options.routes)
      .filter(([, queues]) => queues.includes(queue))
      .map(([type]) => type);
    const problems: string[] = [];
    for (const type of routedHere) {
      const names = found.get(type) ?? [];
      if (names.length === 0) problems.push(`"${type}" is routed to ${queue} but has no handler`);
      if (names.length > 1) problems.push(`"${type}" has ${names.length} handlers on ${queue}: ${names.join(', ')}`);
    }
    for (const [type, names] of found) {
      if (!routedHere.includes(type)) {
        problems.push(`${names.join(', ')} handles "${type}", which is not routed to ${queue}`);
      }
    }
    if (problems.length > 0) {
      throw new Error(`Message handlers of ${this.options.service} do not match the routing table: ${problems.join('; ')}`);
    }
  }

  get(type: string): MessageHandler | undefined {
    return this.handlers.get(type);
  }
}
