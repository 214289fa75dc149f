import { useEffect, useState } from 'react';
import { useLiveConnectionLost } from '../../api/live';
import { Banner } from './banner';

/** DESIGN §12: a lost connection shows a banner and recovers by itself (the feeds reconnect, queries refetch). */
export function ConnectionBanner() {
  const feedLost = useLiveConnectionLost();
  const [offline, setOffline] = useState(() => typeof navigator !== 'undefined' && navigator.onLine === false);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  if (!offline && !feedLost) return null;
  return (
    <Banner tone="warning">
      {offline ? 'You are offline.' : 'We lost the connection to the shop.'} Reconnecting by itself; what you see may be a moment old.
    </Banner>
  );
}
