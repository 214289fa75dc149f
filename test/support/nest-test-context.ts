import { CLOCK, Clock } from '@app/platform';
import { ConsoleLogger, DynamicModule, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';

/**
 * A service's Nest context (no ports) for an integration test, on the test's clock. Logs stay
 * quiet unless TEST_LOGS is set. A context that fails to start is closed before the error is
 * passed on.
 */
export async function startServiceContext(module: DynamicModule, clock: Clock): Promise<INestApplicationContext> {
  const builder = Test.createTestingModule({ imports: [module] }).overrideProvider(CLOCK).useValue(clock);
  builder.setLogger(new ConsoleLogger({ logLevels: process.env.TEST_LOGS ? ['error', 'warn', 'log'] : [] }));
  const app = await builder.compile();
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
