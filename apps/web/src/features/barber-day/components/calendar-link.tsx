import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, call, type User } from '../../../api/client';
import { Banner, ErrorMessage } from '../../../components/ui/banner';

export const meKey = ['me'] as const;

/** The subscription address of a barber's paid and completed appointments (whoever has the key can read it). */
export function calendarUrl(origin: string, barberId: string, key: string): { https: string; webcal: string } {
  const https = `${origin}/barbers/${barberId}/calendar.ics?key=${encodeURIComponent(key)}`;
  return { https, webcal: https.replace(/^https?:/, 'webcal:') };
}

/** "Subscribe in your calendar": the link with a copy button, and a new link that retires the old one. */
export function CalendarLink({ barberId }: { barberId: string }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const fieldId = useId();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const me = useQuery({ queryKey: meKey, queryFn: () => call(api.GET('/me')) });
  const renew = useMutation({
    mutationFn: () => call(api.POST('/me/calendar-key')),
    onSuccess: ({ calendarKey }) => {
      queryClient.setQueryData<User>(meKey, (user) => (user ? { ...user, calendarKey } : user));
      setConfirming(false);
      setCopied(null);
    },
  });
  const key = me.data?.calendarKey;
  const links = key ? calendarUrl(window.location.origin, barberId, key) : null;

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Your appointments in your calendar</h2>
      <p>Subscribe to this link in Google Calendar, Apple Calendar or Outlook: your paid appointments appear there and stay up to date.</p>
      {me.isError && <ErrorMessage error={me.error} />}
      {me.isSuccess && !links && <p>Your account has no calendar link yet: make one below.</p>}
      {links && (
        <>
          <label htmlFor={fieldId}>Calendar link</label>
          <input id={fieldId} className="wide" readOnly value={links.https} onFocus={(event) => event.currentTarget.select()} />
          <div className="actions">
            <button type="button" onClick={() => void copy(links.https)}>
              Copy link
            </button>
            <a className="button" href={links.webcal}>
              Open in my calendar app
            </a>
          </div>
          {copied === 'copied' && <Banner tone="success">Copied. Paste it where your calendar app asks for a calendar address.</Banner>}
          {copied === 'failed' && <Banner tone="warning">This browser did not let us copy. Select the link above and copy it yourself.</Banner>}
        </>
      )}
      {me.isSuccess &&
        (confirming ? (
          <div className="actions" role="group" aria-label="Make a new link?">
            <p>The old link stops working at once: calendars subscribed to it stop updating.</p>
            <button type="button" className="danger" onClick={() => renew.mutate()} disabled={renew.isPending}>
              {renew.isPending ? 'Making a new link…' : 'Yes, make a new link'}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep this link
            </button>
          </div>
        ) : (
          <p>
            <button type="button" className="link" onClick={() => setConfirming(true)}>
              Make a new link
            </button>{' '}
            <span className="muted">(if someone else has this one)</span>
          </p>
        ))}
      {renew.isError && <ErrorMessage error={renew.error} />}
      {renew.isSuccess && <Banner tone="success">A new link is ready; the old one no longer works.</Banner>}
    </section>
  );
}
