import { createLogger, runService, startServiceApp } from '@app/platform';
import 'reflect-metadata';
import { loadBookingConfig } from './booking.config';
import { BookingModule } from './booking.module';

runService('booking', async () => {
  const config = loadBookingConfig();
  const logger = createLogger('booking', config.logLevel);
  await startServiceApp(BookingModule.forRoot(config), {
    logger,
    http: { port: config.httpPort },
    tcp: config.tcp,
  });
  logger.info({ httpPort: config.httpPort, tcpPort: config.tcp.port }, 'booking service ready');
});
