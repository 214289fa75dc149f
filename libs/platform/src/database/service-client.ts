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

/**
 * Put first in a statement's text: within a transaction, the statement is not sent on its own but
 * with the transaction's next one (its COMMIT, usually), in the same write. For writes whose
 * answer nobody reads (no RETURNING): the outbox rows of a transaction. An error of the statement
 * then comes from the next one, and the transaction is aborted as it would have been.
 */
export const SEND_WITH_NEXT = '/* send with next */ ';

type QueryArgs = Parameters<Client['query']>;
type RawResult = { command: string | null; rowCount: number | null; rows: unknown[]; fields: unknown[] };
type Callback = (error: Error | null, result?: RawResult | RawResult[]) => void;

/** A statement to send ahead of another: unnamed (parsed each time) or prepared on this connection already. */
interface Statement {
  text: string;
  values: unknown[];
  name: string | undefined;
}

/** The wire-protocol side of node-postgres a Query writes to (not in its types). */
interface Connection {
  parsedStatements: Record<string, string>;
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string; values: unknown[]; valueMapper: (value: unknown) => unknown }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string }): void;
}

const PgQuery = Query as unknown as new (config: {
  text: string;
  values?: unknown[];
  name?: string;
  queryMode?: 'extended';
  callback: Callback;
}) => { prepare(connection: Connection): void };

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-postgres's own value encoding, not in its types
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

const BEGIN: Statement = { text: 'BEGIN', values: [], name: undefined };

/**
 * Statements sent ahead of a query in the same write and under the same Sync: the backend
 * executes them in order, then the query, and answers once (one round trip). An error in any of
 * them skips the rest and is the query's error. Their own results are not returned: BEGIN, and
 * statements sent with SEND_WITH_NEXT.
 *
 * Every statement ahead is unnamed or already parsed on the connection, and so is the query:
 * node-postgres takes any ParseComplete for the query's own, and a named statement whose Parse then
 * failed would be taken for prepared.
 */
class Pipelined extends PgQuery {
  constructor(
    private readonly ahead: readonly Statement[],
    config: ConstructorParameters<typeof PgQuery>[0],
  ) {
    super(config);
  }

  override prepare(connection: Connection): void {
    for (const statement of this.ahead) {
      if (statement.name === undefined) connection.parse({ text: statement.text, name: '' });
      connection.bind({ portal: '', statement: statement.name ?? '', values: statement.values, valueMapper: prepareValue });
      // Described like the query itself, so rows it may return are parsed (into a result nobody reads).
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
    }
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
 *   statement. A transaction that ends before any statement sends nothing, its COMMIT or ROLLBACK
 *   included.
 * - A statement marked SEND_WITH_NEXT inside a transaction goes with the next statement; before a
 *   ROLLBACK it is not sent at all.
 *
 * A statement still to be parsed here, or one without parameters (it may be several, which only
 * the simple protocol takes) other than COMMIT, is sent after what waits ahead of it, not with it.
 */
export function serviceClient(statements: PreparedStatements | null): typeof Client {
  const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

  class ServiceClient extends Client {
    /** TypeORM asked for START TRANSACTION and nothing has been sent for it yet. */
    private beginPending = false;
    /** SEND_WITH_NEXT statements waiting for the next one. */
    private waiting: Statement[] = [];
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
      this.waiting = [];
      this.releaseToPool = release;
    }

    sendQuery(args: unknown[]): unknown {
      const [text, values] = args;
      if (args.length !== 2 || typeof text !== 'string') return this.afterAhead(() => query.apply(this, args as QueryArgs));
      const parameterized = Array.isArray(values) && values.length > 0;

      if (text === 'START TRANSACTION' && !this.beginPending && this.waiting.length === 0) {
        this.beginPending = true;
        return Promise.resolve(NOTHING_SENT('BEGIN'));
      }
      if (text === 'ROLLBACK' && (this.beginPending || this.waiting.length > 0)) {
        // What waits would be undone: drop it, and send the ROLLBACK only if BEGIN went.
        const begun = !this.beginPending;
        this.beginPending = false;
        this.waiting = [];
        return begun ? query.call(this, text) : Promise.resolve(NOTHING_SENT('ROLLBACK'));
      }
      if (text === 'COMMIT' && this.beginPending && this.waiting.length === 0) {
        this.beginPending = false;
        return Promise.resolve(NOTHING_SENT('COMMIT'));
      }

      const name = parameterized && statements ? statements.nameFor(text) : undefined;
      const parsed = name === undefined || this.wire().parsedStatements[name] !== undefined;
      const statement: Statement = { text, values: parameterized ? (values as unknown[]) : [], name };
      if (text.startsWith(SEND_WITH_NEXT) && parsed && (this.beginPending || this.getTransactionStatus() === 'T')) {
        this.waiting.push(statement);
        return Promise.resolve(NOTHING_SENT('WAITING'));
      }

      const ahead = this.takeAhead();
      if (ahead.length === 0) return this.send(statement, args);
      if (parsed && (parameterized || text === 'COMMIT')) return this.pipelined(ahead, statement);
      return this.pipelined(ahead.slice(0, -1), ahead[ahead.length - 1]).then(() => this.send(statement, args));
    }

    /** BEGIN if it is pending, then the waiting statements; both cleared. */
    private takeAhead(): Statement[] {
      const ahead = [...(this.beginPending ? [BEGIN] : []), ...this.waiting];
      this.beginPending = false;
      this.waiting = [];
      return ahead;
    }

    /** Something node-postgres sends its own way (a callback, a config object): what waits goes first. */
    private afterAhead(send: () => unknown): unknown {
      const ahead = this.takeAhead();
      if (ahead.length === 0) return send();
      return this.pipelined(ahead.slice(0, -1), ahead[ahead.length - 1]).then(send);
    }

    private pipelined(ahead: readonly Statement[], statement: Statement): Promise<RawResult> {
      return new Promise((resolve, reject) => {
        const pipelined = new Pipelined(ahead, {
          text: statement.text,
          values: statement.values,
          name: statement.name,
          queryMode: 'extended',
          callback: (error, result) => {
            if (error) reject(error);
            // One result per statement that answered; the last is the query's.
            else if (result) resolve(Array.isArray(result) ? result[result.length - 1] : result);
          },
        });
        query.call(this, pipelined);
      });
    }

    private send(statement: Statement, args: unknown[]): unknown {
      if (statement.name !== undefined) return query.call(this, { name: statement.name, text: statement.text, values: statement.values });
      return query.apply(this, args as QueryArgs);
    }

    /** node-postgres's protocol connection (its `connection`, typed here with what Pipelined uses). */
    private wire(): Connection {
      return (this as unknown as { connection: Connection }).connection;
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
