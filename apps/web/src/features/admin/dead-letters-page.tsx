import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, call } from '../../api/client';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { useDocumentTitle } from '../../lib/use-document-title';
import { inboxOf, instantInWords, plural, queueInWords } from './admin-words';
import { adminKeys, useDeadLetters } from './hooks/use-admin-api';

/** The dead letters waiting in each inbox's dead-letter queue, each queue with Replay. */
export function DeadLettersPage() {
  useDocumentTitle('Dead letters · Admin');
  const deadLetters = useDeadLetters();
  return (
    <>
      <h1>Dead letters</h1>
      <p className="hint">
        A dead letter is a message a service could not apply after its retries. Fix the cause first; Replay then puts the messages back on their queue,
        and a message already applied is skipped.
      </p>
      {deadLetters.isPending && <Loading what="the dead-letter queues" />}
      {deadLetters.isError && <ErrorMessage error={deadLetters.error} />}
      {deadLetters.data && (
        <ul className="admin-list">
          {deadLetters.data.map((queue) => (
            <DeadLetterQueue key={queue.queue} queue={queue.queue} count={queue.count} />
          ))}
        </ul>
      )}
    </>
  );
}

function DeadLetterQueue({ queue, count }: { queue: string; count: number }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [showing, setShowing] = useState(false);
  const replay = useMutation({
    mutationFn: () => call(api.POST('/admin/dlq/{queue}/replay', { params: { path: { queue: inboxOf(queue) } }, body: {} })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.deadLetters }),
  });
  return (
    <li className="card">
      <h2 id={headingId}>{queueInWords(queue)}</h2>
      <p>
        <code>{queue}</code>: {count === 0 ? 'no dead letters' : `${plural(count, 'dead letter')} waiting`}.
      </p>
      <div className="actions">
        <button type="button" onClick={() => replay.mutate()} disabled={replay.isPending || count === 0} aria-label={`Replay ${queue}`}>
          {replay.isPending ? 'Replaying…' : 'Replay'}
        </button>
        {count > 0 && (
          <button type="button" onClick={() => setShowing(!showing)} aria-expanded={showing}>
            {showing ? 'Hide the letters ' : 'Show the letters '}
            <span className="visually-hidden">of {queue}</span>
          </button>
        )}
      </div>
      {showing && count > 0 && <DeadLetterList queue={queue} />}
      {replay.isError && <ErrorMessage error={replay.error} />}
      {replay.isSuccess && (
        <Banner tone="success">
          {replay.data.replayed === 0
            ? `Nothing to replay: ${queue} was already empty.`
            : `Replayed ${plural(replay.data.replayed, 'dead letter')} onto ${inboxOf(queue)}.`}
        </Banner>
      )}
    </li>
  );
}

/** The first page of a queue's dead letters: what each message was and why it failed. */
function DeadLetterList({ queue }: { queue: string }) {
  const letters = useQuery({
    queryKey: [...adminKeys.deadLetters, queue],
    queryFn: () => call(api.GET('/admin/dlq/{queue}', { params: { path: { queue }, query: { limit: 50 } } })),
    staleTime: 0,
  });
  if (letters.isPending) return <Loading what={`the dead letters of ${queue}`} />;
  if (letters.isError) return <ErrorMessage error={letters.error} />;
  return (
    <ul className="admin-list">
      {letters.data.map((letter) => (
        <li key={letter.jobId} className="letter">
          <strong>{letter.type}</strong> · failed {plural(letter.attemptsMade, 'time')}, last on{' '}
          <time dateTime={letter.failedAt}>{instantInWords(letter.failedAt)}</time>
          <br />
          Why: {letter.error}
          <br />
          <span className="hint">Message {letter.jobId}</span>
        </li>
      ))}
    </ul>
  );
}
