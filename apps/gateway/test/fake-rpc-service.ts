import { RpcPatternOf, RpcRequestOf, RpcResponseOf, RpcTableLike, parseRpcRequest } from '@app/contracts';
import { RpcContextInterceptor, RpcErrorsFilter } from '@app/platform';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { testNestLogger } from './gateway-test-app';
import type { Json } from '../../../test/support/http-client';

/** What a pattern does: typed by the service's RPC table, as the real handlers are. */
export type Behaviour<TTable extends RpcTableLike, P extends RpcPatternOf<TTable>> = (
  data: RpcRequestOf<TTable, P>,
) => RpcResponseOf<TTable, P> | Promise<RpcResponseOf<TTable, P>>;
export type Answers<TTable extends RpcTableLike> = { [P in RpcPatternOf<TTable>]?: Behaviour<TTable, P> };
type AnyBehaviour = (data: unknown) => unknown;

/** What a fake RPC service was asked, and how it answers (replace an answer with `on`). */
export class FakeRpc<TTable extends RpcTableLike = RpcTableLike> {
  readonly calls: Array<{ pattern: string; data: Record<string, Json> }> = [];

  constructor(private readonly behaviours: Map<string, AnyBehaviour>) {}

  on<P extends RpcPatternOf<TTable>>(pattern: P, behaviour: Behaviour<TTable, P>): void {
    if (!this.behaviours.has(pattern)) throw new Error(`This fake does not listen to ${pattern}`);
    this.behaviours.set(pattern, behaviour as AnyBehaviour);
  }

  callsTo(pattern: string) {
    return this.calls.filter((call) => call.pattern === pattern);
  }
}

/**
 * A real Nest TCP microservice answering the given patterns of a service's RPC table (a
 * controller built at run time, one handler per pattern, each request checked with the table's
 * schema as the real service does): a stand-in for any service in tests that need only a few
 * of its patterns.
 */
export async function startFakeRpcService<TTable extends RpcTableLike>(
  port: number,
  table: TTable,
  answers: Answers<TTable>,
): Promise<{ app: INestMicroservice; fake: FakeRpc<TTable> }> {
  const behaviours = new Map(Object.entries(answers as Record<string, AnyBehaviour>));
  const fake = new FakeRpc<TTable>(behaviours);

  class FakeRpcController {}
  for (const [index, pattern] of [...behaviours.keys()].entries()) {
    const key = `handle${index}`;
    Object.defineProperty(FakeRpcController.prototype, key, {
      value: (data: Record<string, Json>) => {
        fake.calls.push({ pattern, data });
        return (behaviours.get(pattern) as AnyBehaviour)(parseRpcRequest(table, pattern, data));
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
