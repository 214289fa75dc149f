import { useDocumentTitle } from '../../lib/use-document-title';
import { attentionInWords, instantInWords, type AttentionItem } from './admin-words';
import { useAttention } from './hooks/use-admin-api';
import { QueryList } from './components/query-list';

/** What a person must act on, oldest first, each in words with what to do next. */
export function AttentionPage() {
  useDocumentTitle('Attention · Admin');
  const attention = useAttention();
  return (
    <>
      <h1>Needs attention</h1>
      <p className="hint">Each item closes by itself when its cause is resolved (a dispute closes, the booking is cancelled, a later refund succeeds).</p>
      <QueryList query={attention} what="the attention list" empty="Nothing needs attention.">
        {(item) => <AttentionCard key={`${item.kind}:${item.paymentId}:${item.since}`} item={item} />}
      </QueryList>
    </>
  );
}

function AttentionCard({ item }: { item: AttentionItem }) {
  const words = attentionInWords(item.kind);
  return (
    <li className="card">
      <h2>{words.title}</h2>
      <p>{item.detail}</p>
      <p>
        <strong>What to do next:</strong> {words.nextStep}
      </p>
      <dl className="details">
        <dt>Since</dt>
        <dd>
          <time dateTime={item.since}>{instantInWords(item.since)}</time>
        </dd>
        {item.dueBy && (
          <>
            <dt>Evidence due by</dt>
            <dd>
              <time dateTime={item.dueBy}>{instantInWords(item.dueBy)}</time>
            </dd>
          </>
        )}
        <dt>Booking</dt>
        <dd>{item.bookingId}</dd>
        <dt>Payment</dt>
        <dd>{item.paymentId}</dd>
      </dl>
    </li>
  );
}
