import { serviceDatabaseModule, systemClock } from '@app/platform';
import { DynamicModule, INestApplicationContext, Module, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { startServiceContext } from '../../../../test/support/nest-test-context';
import { createTestDatabase } from '../../../../test/support/test-infra';
import { gatewayDataSourceOptions } from '../../src/database/data-source';
import { UserRepository } from '../../src/users/persistence/user.repository';

@Module({})
class GatewayUsersTestModule {}

/**
 * The gateway's accounts on their own: its database (migrated as at start) and the user
 * repository, plus the use cases (and what they need) a test names, in a Nest context without
 * HTTP. For use-case tests that need no booking service; the HTTP edge is tested in
 * gateway-http.int-spec.ts.
 */
export class GatewayUsersContext {
  private constructor(
    readonly app: INestApplicationContext,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(label: string, useCases: Provider[], imports: NonNullable<DynamicModule['imports']> = []): Promise<GatewayUsersContext> {
    const database = await createTestDatabase(label);
    const module: DynamicModule = {
      module: GatewayUsersTestModule,
      imports: [serviceDatabaseModule(() => gatewayDataSourceOptions(database.url)), ...imports],
      providers: [UserRepository, ...useCases],
    };
    try {
      return new GatewayUsersContext(await startServiceContext(module, systemClock), database.drop);
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  get dataSource(): DataSource {
    return this.app.get(getDataSourceToken());
  }

  get users(): UserRepository {
    return this.app.get(UserRepository);
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase();
  }
}
