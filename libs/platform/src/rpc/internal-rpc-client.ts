import { RpcPatternOf, RpcRequestOf, RpcResponseOf, RpcTableLike } from '@app/contracts';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { requestContext } from '../logging';

/**
 * Service → service request/response over TCP (a reconciler asking the service that owns the
 * truth). Every request carries the correlation id of the work in hand and has a deadline; a
 * service that is down or silent rejects the promise, and the caller decides what that means.
 * Typed by the callee's RPC table (libs/contracts), like the gateway's clients.
 */
export class InternalRpcClient<TTable extends RpcTableLike> {
  private readonly proxy: ClientProxy;

  constructor(
    endpoint: { host: string; port: number },
    private readonly timeoutMs: number,
  ) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: endpoint });
  }

  request<P extends RpcPatternOf<TTable>>(pattern: P, request: RpcRequestOf<TTable, P>): Promise<RpcResponseOf<TTable, P>> {
    const data = { ...(request as object), correlationId: requestContext.current()?.correlationId };
    return firstValueFrom(this.proxy.send<RpcResponseOf<TTable, P>>(pattern, data).pipe(timeout(this.timeoutMs)));
  }

  async close(): Promise<void> {
    await (this.proxy.close() as Promise<void> | void);
  }
}
