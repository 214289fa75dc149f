import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What follows one request, and the messages it causes, through every log line and
 * outbox write: `correlationId` is shared by the whole chain, `messageId` names the
 * message being handled right now (it becomes the causationId of what it emits).
 */
export interface RequestContext {
  correlationId: string;
  messageId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
};
