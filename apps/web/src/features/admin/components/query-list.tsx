import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from '../../../components/ui/banner';
import { Loading } from '../../../components/ui/loading';

/**
 * A console list read from the API: "Loading …" while it comes, the API's sentence if it fails
 * (with what was read before, if anything), `empty` when there is nothing (the empty list when
 * `empty` is not given), else one card each.
 */
export function QueryList<T>({
  query,
  what,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  /** Names what loads: "Loading <what>…". */
  what: string;
  empty?: ReactNode;
  /** The card of one item, with its key. */
  children: (item: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  // A failed re-fetch keeps what was read before: the sentence above it.
  const items = query.data;
  return (
    <>
      {query.isError && <ErrorMessage error={query.error} />}
      {items && items.length === 0 && empty !== undefined && <p>{empty}</p>}
      {items && (items.length > 0 || empty === undefined) && <ul className="admin-list">{items.map(children)}</ul>}
    </>
  );
}
