import { Client, Query } from 'pg';

export interface PreparedStatementOptions {
  /** A statement text becomes a server-side prepared statement from its this-many-th use on. */
  threshold: number;
  /** At most this many texts are prepared per process; later ones run unprepared, as before. */
  maxStatements: number;
}

export const DEFAULT_PREPARED_STATEMENTS: PreparedStatementOptions = { threshold: 2, maxStatements: 400 };

/**
 * Which statement texts run as prepared statements, and under what name. A text is counted on
 * each use; from its `threshold`-th use on it has a name (the same one on every connection of the
 * pool), until `maxStatements` texts have one. The JDBC driver's `prepareThreshold` does the same:
 * what repeats is prepared, what runs once (migrations, a test's ad-hoc query) is not.
 */
export class PreparedStatements {
  private readonly uses = new Map<string, number>();
  private readonly names = new Map<string, string>();

  constructor(private readonly options: PreparedStatementOptions = DEFAULT_PREPARED_STATEMENTS) {}

  /** The name `text` runs under, or undefined to run it unprepared this time. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.options.maxStatements) return undefined;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < this.options.threshold) {
      // Counting stops with the cap too: texts that never repeat must not grow this map forever.
      if (this.uses.size < this.options.maxStatements * 4) this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const name = `s${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}

type QueryArgs = Parameters<Client['query']>;
type RawResult = { command: string | null; rowCount: number | null; rows: unknown[]; fields: unknown[] };
type Callback = (error: Error | null, result?: RawResult | RawResult[]) => void;

/** The wire-protocol side of node-postgres a Query writes to (not in its types). */
interface Connection {
  parsedStatements: Record<string, string>;
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string }): void;
}

const PgQuery = Query as unknown as new (config: {
  text: string;
  values?: unknown[];
  name?: string;
  queryMode?: 'extended';
  callback: Callback;
}) => { prepare(connection: Connection): void };

/**
 * A statement preceded by BEGIN in the same write and the same Sync: the backend parses, binds
 * and executes BEGIN, then the statement, and answers once. What the transaction saw is the same
 * as with BEGIN on its own round trip: BEGIN cannot fail in a connection that is not already in a
 * transaction, and if the statement fails, the transaction is aborted as it would have been.
 */
class QueryAfterBegin extends PgQuery {
  override prepare(connection: Connection): void {
    connection.parse({ text: 'BEGIN', name: '' });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '' });
    super.prepare(connection);
  }
}

const NOTHING_SENT = (command: string): RawResult => ({ command, rowCount: null, rows: [], fields: [] });

/**
 * A node-postgres Client (pass it as the pool's `Client`) that saves round trips the way the
 * services talk to PostgreSQL (through TypeORM), each a write and a wake-up on both sides, which
 * is most of what a booking costs (BENCHMARKS.md, issue 19):
 *
 * - Repeated parameterized statements run as server-side prepared statements. node-postgres sends
 *   every `query(text, values)` as an unnamed statement, which PostgreSQL parses, analyses and
 *   plans on every execution; a named one is parsed once per connection, and its plan is cached
 *   by PostgreSQL's own rules (custom plans first, a generic plan once it costs no more). Only
 *   `query(text, values)` with at least one value and no callback is named: what TypeORM and
 *   `queryRows` send. A prepared statement outlives a rolled-back transaction, and a failed Parse
 *   is forgotten by node-postgres, so errors leave nothing behind.
 * - TypeORM's `START TRANSACTION` is not sent on its own: BEGIN goes with the transaction's first
 *   statement (QueryAfterBegin). A transaction that ends before any statement sends nothing, its
 *   COMMIT or ROLLBACK included. A statement whose Parse is still to come on this connection
 *   keeps BEGIN on its own round trip: node-postgres would take BEGIN's ParseComplete for the
 *   statement's, and a statement that then failed to parse would be taken for prepared.
 */
export function serviceClient(statements: PreparedStatements | null): typeof Client {
  const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

  class ServiceClient extends Client {
    /** TypeORM asked for START TRANSACTION and nothing has been sent for it yet. */
    private beginPending = false;
    private releaseToPool: unknown;

    /**
     * pg-pool sets `release` each time it hands the client out: a transaction of the previous
     * holder that never ended must not open on the next one.
     */
    get release(): unknown {
      return this.releaseToPool;
    }

    set release(release: unknown) {
      this.beginPending = false;
      this.releaseToPool = release;
    }

    sendQuery(args: unknown[]): unknown {
      const [text, values] = args;
      const plain = args.length === 2 && typeof text === 'string';
      const parameterized = plain && Array.isArray(values) && values.length > 0;
      if (plain && text === 'START TRANSACTION' && !this.beginPending) {
        this.beginPending = true;
        return Promise.resolve(NOTHING_SENT('BEGIN'));
      }
      const name = parameterized && statements ? statements.nameFor(text) : undefined;
      if (!this.beginPending) return this.send(args, name);

      this.beginPending = false;
      if (plain && (text === 'COMMIT' || text === 'ROLLBACK')) return Promise.resolve(NOTHING_SENT(text));
      const connection = (this as unknown as { connection: Connection }).connection;
      if (!parameterized || (name !== undefined && connection.parsedStatements[name] === undefined)) {
        // A statement without parameters may be several (simple protocol); a Parse still to come.
        return (query.call(this, 'BEGIN') as Promise<unknown>).then(() => this.send(args, name));
      }
      return new Promise((resolve, reject) => {
        const statement = new QueryAfterBegin({
          text,
          values: values as unknown[],
          name,
          queryMode: 'extended',
          callback: (error, result) => {
            if (error) reject(error);
            // [BEGIN's result, the statement's]
            else resolve(Array.isArray(result) ? result[result.length - 1] : result);
          },
        });
        query.call(this, statement);
      });
    }

    private send(args: unknown[], name: string | undefined): unknown {
      if (name !== undefined) return query.call(this, { name, text: args[0], values: args[1] });
      return query.apply(this, args as QueryArgs);
    }
  }

  Object.defineProperty(ServiceClient.prototype, 'query', {
    value: function serviceQuery(this: ServiceClient, ...args: unknown[]): unknown {
      return this.sendQuery(args);
    },
    writable: true,
    configurable: true,
  });
  return ServiceClient;
}
