import type { EventSourceFactory } from '../api/live';

/**
 * The browser's EventSource as a test drives it: jsdom has none, and a component test feeds the
 * changes a real gateway would push (the browser tests use the real one).
 */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private lastId = 0;

  constructor(readonly url: string) {
    super();
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  push(event: string, data: unknown): void {
    this.lastId += 1;
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data), lastEventId: String(this.lastId) }));
  }

  drop(): void {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.readyState = 2;
  }
}

/** A factory that hands out FakeEventSources and remembers them, newest last. */
export function fakeEventSources(): { open: EventSourceFactory; sources: FakeEventSource[]; latest: (urlPart: string) => FakeEventSource } {
  const sources: FakeEventSource[] = [];
  return {
    sources,
    open: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source as unknown as EventSource;
    },
    latest: (urlPart) => {
      const found = sources.filter((source) => source.url.includes(urlPart) && source.readyState !== 2).pop();
      if (!found) throw new Error(`No open live feed for ${urlPart}; opened: ${sources.map((source) => source.url).join(', ')}`);
      return found;
    },
  };
}
