import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-infra';
import { PreparedStatements, SEND_WITH_NEXT, serviceDataSourceOptions } from '../src';

/**
 * Repeated statements run as server-side prepared statements (issue 19): what PostgreSQL itself
 * lists in pg_prepared_statements for the connection, and that answers and errors are those of
 * the unprepared statement.
 */
describe('prepared statements through a service data source (real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('prepared');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url: database.url,
        applicationName: 'prepared-statements',
        entities: [],
        migrations: [],
        poolSize: 1,
        preparedStatements: { threshold: 2, maxStatements: 4 },
      }),
    );
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** What the pool's one connection has prepared (asked with no parameters: never prepared itself). */
  const preparedOnConnection = async (): Promise<string[]> =>
    (await dataSource.query<{ statement: string }[]>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).map(
      (row) => row.statement,
    );

  it('prepares a parameterized statement from its second use on, and answers as before', async () => {
    const insert = 'INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id, label';
    expect(await dataSource.query(insert, [1, 'one'])).toEqual([{ id: 1, label: 'one' }]);
    expect(await preparedOnConnection()).toEqual([]);

    expect(await dataSource.query(insert, [2, 'two'])).toEqual([{ id: 2, label: 'two' }]);
    expect(await dataSource.query(insert, [3, 'three'])).toEqual([{ id: 3, label: 'three' }]);
    expect(await preparedOnConnection()).toEqual([insert]);
  });

  it('answers an error of a prepared statement as the error, and the statement stays usable', async () => {
    const insert = 'INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id, label';
    const duplicate = await dataSource.query(insert, [1, 'again']).catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(await dataSource.query(insert, [4, 'four'])).toEqual([{ id: 4, label: 'four' }]);
  });

  it('keeps a prepared statement through a rolled-back transaction and a failed one', async () => {
    const select = 'SELECT label FROM items WHERE id = $1';
    await dataSource.query(select, [1]);
    await dataSource
      .transaction(async (manager) => {
        expect(await manager.query(select, [2])).toEqual([{ label: 'two' }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    // A statement that fails to parse inside a transaction aborts it; nothing of it is kept.
    const broken = 'SELECT label FROM no_such_table WHERE id = $1';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(dataSource.query(broken, [1])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42P01' }) });
    }
    expect(await dataSource.query(select, [3])).toEqual([{ label: 'three' }]);
    expect(await preparedOnConnection()).toEqual([
      'INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id, label',
      select,
    ]);
  });

  it('stops preparing new texts at the cap; statements without parameters are never prepared', async () => {
    const texts = ['SELECT count(*)::int AS n FROM items WHERE id > $1', 'SELECT count(*)::int AS n FROM items WHERE id < $1'];
    for (const text of texts) {
      expect(await dataSource.query(text, [0])).toEqual([{ n: expect.any(Number) }]);
      expect(await dataSource.query(text, [0])).toEqual([{ n: expect.any(Number) }]);
    }
    await dataSource.query('SELECT 1');
    await dataSource.query('SELECT 1');
    // The cap counts names given: the insert, the select, the text that failed to parse, and this.
    const prepared = await preparedOnConnection();
    expect(prepared).toHaveLength(3);
    expect(prepared).toContain(texts[0]);
    expect(prepared).not.toContain(texts[1]);
  });

  describe('BEGIN sent with the transaction’s first statement', () => {
    let observer: Client;
    let dataSource: DataSource;

    beforeAll(async () => {
      observer = new Client({ connectionString: database.url });
      await observer.connect();
      dataSource = new DataSource(
        serviceDataSourceOptions({ url: database.url, applicationName: 'begin-merged', entities: [], migrations: [], poolSize: 1 }),
      );
      await dataSource.initialize();
      await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY)');
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await observer?.end();
    });

    const committed = async (id: number) => (await observer.query('SELECT 1 FROM notes WHERE id = $1', [id])).rowCount === 1;

    /** Round trips of the pool's one connection while `work` runs: one ReadyForQuery ends each. */
    const roundTrips = async (work: (runner: ReturnType<DataSource['createQueryRunner']>) => Promise<void>) => {
      const runner = dataSource.createQueryRunner();
      const client = (await runner.connect()) as { connection: NodeJS.EventEmitter };
      let count = 0;
      const onReady = () => (count += 1);
      client.connection.on('readyForQuery', onReady);
      try {
        await work(runner);
      } finally {
        client.connection.off('readyForQuery', onReady);
        await runner.release();
      }
      return count;
    };

    it('is one transaction: invisible until COMMIT, and one round trip fewer', async () => {
      const insert = 'INSERT INTO notes (id) VALUES ($1)';
      await dataSource.query(insert, [100]); // named from here on, and parsed on the connection
      await dataSource.query(insert, [101]);
      const trips = await roundTrips(async (runner) => {
        await runner.startTransaction();
        await runner.query(insert, [1]);
        await runner.query(insert, [2]);
        expect(await committed(1)).toBe(false);
        await runner.commitTransaction();
      });
      expect(await committed(1)).toBe(true);
      expect(await committed(2)).toBe(true);
      expect(trips).toBe(3); // BEGIN + the first insert, the second insert, COMMIT
    });

    it('undoes the first statement on ROLLBACK, and sends nothing for a transaction without statements', async () => {
      await dataSource
        .transaction(async (manager) => {
          await manager.query('INSERT INTO notes (id) VALUES ($1)', [3]);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await committed(3)).toBe(false);
      const trips = await roundTrips(async (runner) => {
        await runner.startTransaction();
        await runner.commitTransaction();
        await runner.startTransaction();
        await runner.rollbackTransaction();
      });
      expect(trips).toBe(0);
    });

    it('aborts the transaction when the first statement fails, and the connection goes on', async () => {
      const failed = await dataSource
        .transaction(async (manager) => {
          await manager.query('INSERT INTO notes (id) VALUES ($1)', [1]); // a duplicate
        })
        .catch((error: unknown) => error);
      expect(failed).toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
      await dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO notes (id) VALUES ($1)', [4]);
      });
      expect(await committed(4)).toBe(true);
    });

    it('sends BEGIN on its own before a statement without parameters or one not yet parsed here', async () => {
      const trips = await roundTrips(async (runner) => {
        await runner.startTransaction();
        await runner.query('INSERT INTO notes (id) VALUES (5); INSERT INTO notes (id) VALUES (6)');
        await runner.commitTransaction();
        const insert = 'INSERT INTO notes (id) SELECT $1::int WHERE true';
        await runner.query(insert, [7]); // its first use: unnamed
        await runner.startTransaction();
        await runner.query(insert, [8]); // named from this use on, not parsed yet: BEGIN, then Parse and all
        await runner.rollbackTransaction();
        await runner.startTransaction();
        await runner.query(insert, [10]); // parsed on this connection: with BEGIN
        await runner.rollbackTransaction();
      });
      expect(trips).toBe(3 + 1 + 3 + 2);
      expect([await committed(5), await committed(6), await committed(7), await committed(8), await committed(10)]).toEqual([
        true,
        true,
        true,
        false,
        false,
      ]);
    });

    describe('a statement marked SEND_WITH_NEXT', () => {
      const insert = 'INSERT INTO notes (id) VALUES ($1)';
      const waiting = `${SEND_WITH_NEXT}INSERT INTO notes (id) VALUES ($1)`;

      beforeAll(async () => {
        // Outside a transaction it is sent at once; twice makes both texts prepared on the connection.
        for (const id of [20, 21]) await dataSource.query(waiting, [id]);
        expect([await committed(20), await committed(21)]).toEqual([true, true]);
      });

      it('goes with the COMMIT: BEGIN, a statement, it and COMMIT in two round trips', async () => {
        const trips = await roundTrips(async (runner) => {
          await runner.startTransaction();
          await runner.query(insert, [22]);
          await runner.query(waiting, [23]);
          await runner.commitTransaction();
        });
        expect(trips).toBe(2);
        expect([await committed(22), await committed(23)]).toEqual([true, true]);
      });

      it('is not sent before a ROLLBACK', async () => {
        const trips = await roundTrips(async (runner) => {
          await runner.startTransaction();
          await runner.query(waiting, [24]);
          await runner.rollbackTransaction();
        });
        expect(trips).toBe(0);
        expect(await committed(24)).toBe(false);
      });

      it('answers the next statement with its own rows, whatever the waiting one returned', async () => {
        const returning = `${SEND_WITH_NEXT}INSERT INTO notes (id) VALUES ($1) RETURNING id, 'waiting' AS who`;
        const count = 'SELECT count(*)::int AS n FROM notes WHERE id = ANY($1::int[])';
        for (const id of [30, 31]) await dataSource.query(returning, [id]); // prepared and parsed
        await dataSource.query(count, [[0]]);
        await dataSource.query(count, [[0]]);
        const answer = await dataSource.transaction(async (manager) => {
          await manager.query(returning, [32]);
          return manager.query(count, [[30, 31, 32]]);
        });
        expect(answer).toEqual([{ n: 3 }]);
      });

      it('fails the COMMIT with its own error, and the whole transaction is undone', async () => {
        const failed = await dataSource
          .transaction(async (manager) => {
            await manager.query(insert, [25]);
            await manager.query(waiting, [20]); // a duplicate
          })
          .catch((error: unknown) => error);
        expect(failed).toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
        expect(await committed(25)).toBe(false);
        await dataSource.transaction((manager) => manager.query(waiting, [26]));
        expect(await committed(26)).toBe(true);
      });
    });

    it('does not open on the next holder a transaction its previous holder left unended', async () => {
      const leaking = dataSource.createQueryRunner();
      await leaking.connect();
      await leaking.startTransaction();
      await leaking.release();
      await dataSource.query('INSERT INTO notes (id) VALUES ($1)', [9]);
      expect(await committed(9)).toBe(true);
    });
  });

  it('names by count: a text is named on its threshold-th use, the same name each time', () => {
    const statements = new PreparedStatements({ threshold: 3, maxStatements: 10 });
    expect([statements.nameFor('a'), statements.nameFor('a'), statements.nameFor('a'), statements.nameFor('a')]).toEqual([
      undefined,
      undefined,
      's1',
      's1',
    ]);
    expect(statements.size).toBe(1);
  });
});
