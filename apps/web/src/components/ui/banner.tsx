import type { ReactNode } from 'react';
import { errorSentence } from '../../lib/errors';

/** A sentence that needs attention now (role="alert"), or news (role="status"). */
export function Banner({ tone = 'info', children }: { tone?: 'info' | 'warning' | 'error' | 'success'; children: ReactNode }) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** An API error as its sentence: never JSON, never a blank space. */
export function ErrorMessage({ error }: { error: unknown }) {
  return <Banner tone="error">{errorSentence(error)}</Banner>;
}
