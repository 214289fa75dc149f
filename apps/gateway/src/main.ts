import { createLogger, runService, startServiceApp } from '@app/platform';
import 'reflect-metadata';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runService('gateway', async () => {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.logLevel);
  await startServiceApp(GatewayModule.forRoot(config), { logger, http: { port: config.port } });
  logger.info({ port: config.port }, 'gateway ready');
});
