import type { Json } from '../../../test/support/http-client';

export interface SseEvent {
  id: string | null;
  event: string;
  data: Json;
}

/**
 * An open SSE response read with fetch: parses `id:`/`event:`/`data:` lines into events as
 * they arrive; `next` waits (bounded) for the next event matching a predicate.
 */
export class SseStream {
  readonly events: SseEvent[] = [];
  private readonly waiters: Array<{ test: (event: SseEvent) => boolean; from: number; resolve: (event: SseEvent) => void }> = [];
  private buffer = '';
  private ended = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<{ stream: SseStream | null; status: number; body: Json }> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      const text = await response.text();
      let body: Json = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { stream: null, status: response.status, body };
    }
    const stream = new SseStream(response.status, response.headers, abort);
    void stream.pump(response.body!);
    return { stream, status: response.status, body: undefined };
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          this.parse(block);
        }
      }
    } catch {
      // aborted
    } finally {
      this.ended = true;
    }
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      if (field === 'event') event = value;
      if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const parsed: SseEvent = { id, event, data: JSON.parse(data.join('\n')) };
    this.events.push(parsed);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(parsed)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(parsed);
      }
    }
  }

  /** The first event (already received or still to come) matching `test`, or a rejection after `timeoutMs`. */
  next(test: (event: SseEvent) => boolean = () => true, timeoutMs = 5000): Promise<SseEvent> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        from: this.events.length,
        resolve: (event: SseEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching SSE event within ${timeoutMs} ms (got ${JSON.stringify(this.events)}; ended: ${this.ended})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.abort.abort();
  }
}
