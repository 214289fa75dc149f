import { createLogger, runService, startServiceApp } from '@app/platform';
import 'reflect-metadata';
import { loadAppointmentsConfig } from './appointments.config';
import { AppointmentsModule } from './appointments.module';

runService('appointments', async () => {
  const config = loadAppointmentsConfig();
  const logger = createLogger('appointments', config.logLevel);
  await startServiceApp(AppointmentsModule.forRoot(config), {
    logger,
    http: { port: config.httpPort },
    tcp: config.tcp,
  });
  logger.info({ httpPort: config.httpPort, tcpPort: config.tcp.port }, 'appointments service ready');
});
