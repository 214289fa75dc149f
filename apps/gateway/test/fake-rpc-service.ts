import { RpcContextInterceptor, RpcErrorsFilter } from '@app/platform';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { testNestLogger } from './gateway-test-app';
import type { Json } from '../../../test/support/http-client';

type Behaviour = (data: Record<string, Json>) => unknown;

/** What a fake RPC service was asked, and how it answers (replace an answer with `on`). */
export class FakeRpc {
  readonly calls: Array<{ pattern: string; data: Record<string, Json> }> = [];

  constructor(private readonly behaviours: Map<string, Behaviour>) {}

  on(pattern: string, behaviour: Behaviour): void {
    if (!this.behaviours.has(pattern)) throw new Error(`This fake does not listen to ${pattern}`);
    this.behaviours.set(pattern, behaviour);
  }

  callsTo(pattern: string) {
    return this.calls.filter((call) => call.pattern === pattern);
  }
}

/**
 * A real Nest TCP microservice answering the given patterns (a controller built at run
 * time, one @MessagePattern method per pattern): a stand-in for any service in tests
 * that need only a few of its patterns.
 */
export async function startFakeRpcService(port: number, answers: Record<string, Behaviour>): Promise<{ app: INestMicroservice; fake: FakeRpc }> {
  const behaviours = new Map(Object.entries(answers));
  const fake = new FakeRpc(behaviours);

  class FakeRpcController {}
  for (const [index, pattern] of [...behaviours.keys()].entries()) {
    const key = `handle${index}`;
    Object.defineProperty(FakeRpcController.prototype, key, {
      value: (data: Record<string, Json>) => {
        fake.calls.push({ pattern, data });
        return (behaviours.get(pattern) as Behaviour)(data);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(FakeRpcController.prototype, key) as PropertyDescriptor;
    MessagePattern(pattern)(FakeRpcController.prototype, key, descriptor);
    Payload()(FakeRpcController.prototype, key, 0);
  }
  Controller()(FakeRpcController);

  @Module({ controllers: [FakeRpcController] })
  class FakeRpcModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(FakeRpcModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
    logger: testNestLogger,
  });
  app.useGlobalFilters(new RpcErrorsFilter());
  app.useGlobalInterceptors(new RpcContextInterceptor());
  await app.listen();
  return { app, fake };
}
