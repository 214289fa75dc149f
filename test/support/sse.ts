import { Json } from './http-client';

export interface SseMessage {
  id: string | null;
  event: string;
  data: Json;
}

/**
 * A live feed as a browser's EventSource reads it: messages are collected as they arrive
 * and `next` waits (with a deadline) for the first one matching a predicate.
 */
export class SseStream {
  readonly messages: SseMessage[] = [];
  private waiters: Array<{ match: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }> = [];
  private readonly listeners: Array<(message: SseMessage) => void> = [];

  private constructor(
    readonly status: number,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string, token?: string): Promise<SseStream> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: controller.signal,
    });
    const stream = new SseStream(response.status, controller);
    if (response.status === 200 && response.body) {
      void stream.read(response.body).catch(() => undefined);
    } else {
      await response.body?.cancel().catch(() => undefined);
    }
    return stream;
  }

  next(match: (message: SseMessage) => boolean, what: string, timeoutMs = 10_000): Promise<SseMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; saw ${JSON.stringify(this.messages.map((m) => m.event))}`));
      }, timeoutMs);
      const done = (message: SseMessage) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Call `listener` with every message from now on, as it arrives (benchmarks timestamp them). */
  onMessage(listener: (message: SseMessage) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        this.accept(block);
      }
    }
  }

  private accept(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // heartbeat / comment
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    let parsed: Json;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      parsed = data.join('\n');
    }
    const message = { id, event, data: parsed };
    this.messages.push(message);
    for (const listener of this.listeners) listener(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        waiter.resolve(message);
      }
    }
  }
}
