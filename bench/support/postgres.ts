import { Client } from 'pg';

/**
 * A connection for the benchmark's own queries (setup, statistics), retried while PostgreSQL
 * refuses it for having no connection slot left (53300): the machine's PostgreSQL is shared,
 * and a benchmark should not fail because another test run holds every slot for a moment.
 */
export async function connect(url: string, { attempts = 20, delayMs = 500 } = {}): Promise<Client> {
  for (let attempt = 1; ; attempt += 1) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code !== '53300' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Run `work` on a connection of its own, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
