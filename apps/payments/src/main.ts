import { createLogger, runService, startServiceApp } from '@app/platform';
import 'reflect-metadata';
import { PAYMENTS_HTTP_OPTIONS, loadPaymentsConfig } from './payments.config';
import { PaymentsModule } from './payments.module';

runService('payments', async () => {
  const config = loadPaymentsConfig();
  const logger = createLogger('payments', config.logLevel);
  await startServiceApp(PaymentsModule.forRoot(config), {
    logger,
    http: { port: config.httpPort, ...PAYMENTS_HTTP_OPTIONS },
    tcp: config.tcp,
  });
  logger.info({ httpPort: config.httpPort, tcpPort: config.tcp.port }, 'payments service ready');
});
