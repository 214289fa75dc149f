import { createLogger, runService, startServiceApp } from '@app/platform';
import 'reflect-metadata';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { configureGatewayApp } from './http/configure-gateway-app';

runService('gateway', async () => {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.logLevel);
  await startServiceApp(GatewayModule.forRoot(config), {
    logger,
    http: { port: config.port, bodyLimitBytes: config.bodyLimitBytes },
    configure: (app) => configureGatewayApp(app, config, logger),
  });
  logger.info({ port: config.port }, 'gateway ready');
});
