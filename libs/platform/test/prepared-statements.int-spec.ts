import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-infra';
import { PreparedStatements, serviceDataSourceOptions } from '../src';

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
    ((await dataSource.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')) as { statement: string }[]).map(
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
