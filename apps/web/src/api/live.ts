import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * Live changes over Server-Sent Events (DESIGN §8), merged by the caller into the query cache so a
 * page renders one source of truth. EventSource reconnects by itself after a dropped connection;
 * when the server refuses the stream outright (it closes for good) we open a new one after a
 * pause. Each (re)connection after a loss calls `onReconnect`, so the page re-fetches what it may
 * have missed; with `resyncOnFirstOpen` the first connection does too (for a page that subscribes
 * only after its first GET answered, so a change in between is not lost).
 */
export type EventSourceFactory = (url: string) => EventSource;

export const LiveContext = createContext<EventSourceFactory>((url) => new EventSource(url));

type FeedState = 'connecting' | 'open' | 'lost';
const feeds = new Map<number, FeedState>();
const listeners = new Set<() => void>();
let nextFeedId = 1;
let snapshot = false;

function setFeed(id: number, state: FeedState | null): void {
  if (state === null) feeds.delete(id);
  else feeds.set(id, state);
  const lost = [...feeds.values()].includes('lost');
  if (lost !== snapshot) {
    snapshot = lost;
    for (const listener of listeners) listener();
  }
}

/** True while a live feed this page follows has lost its connection. */
export function useLiveConnectionLost(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
    () => false,
  );
}

const REOPEN_AFTER_MS = 3000;

export function useLiveFeed(
  url: string | null,
  handlers: Record<string, (data: unknown) => void>,
  onReconnect?: () => void,
  options: { resyncOnFirstOpen?: boolean } = {},
): void {
  const open = useContext(LiveContext);
  const latest = useRef({ handlers, onReconnect });
  latest.current = { handlers, onReconnect };
  const resyncOnFirstOpen = options.resyncOnFirstOpen === true;
  const events = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (!url) return undefined;
    const id = nextFeedId++;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let lost = false;
    let stopped = false;
    let opened = false;

    const connect = () => {
      setFeed(id, lost ? 'lost' : 'connecting');
      source = open(url);
      source.onopen = () => {
        setFeed(id, 'open');
        // A change pushed between the page's first GET and this subscription would be missed:
        // a page that subscribes after loading asks once more when the feed first opens.
        const first = !opened;
        opened = true;
        if (lost || (first && resyncOnFirstOpen)) {
          lost = false;
          latest.current.onReconnect?.();
        }
      };
      source.onerror = () => {
        lost = true;
        setFeed(id, 'lost');
        if (source?.readyState === 2 && !stopped) {
          source.close();
          reopenTimer = setTimeout(connect, REOPEN_AFTER_MS);
        }
      };
      for (const event of events.split(',')) {
        source.addEventListener(event, (message) => {
          let data: unknown;
          try {
            data = JSON.parse((message as MessageEvent<string>).data);
          } catch {
            return;
          }
          latest.current.handlers[event]?.(data);
        });
      }
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(reopenTimer);
      source?.close();
      setFeed(id, null);
    };
  }, [url, events, open, resyncOnFirstOpen]);
}
