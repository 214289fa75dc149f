import { INBOX_QUEUES, deadLetterQueueOf } from '@app/contracts';
import { QueueRegistry } from '@app/messaging';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AccessTokenService } from '../auth/access-token.service';
import type { GatewayConfig } from '../gateway.config';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board at /admin/queues over every inbox queue and its dead-letter queue. Its
 * routes are plain Fastify routes (not Nest's), so Nest's guards and error filter never
 * see them: an onRequest hook in their own plugin scope lets through only an admin —
 * HTTP Basic with ADMIN_EMAIL/ADMIN_PASSWORD (so a browser can prompt) or an admin
 * access token — and answers 401 to anything else, pages, assets and API alike.
 */
export async function mountQueueBoard(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const registry = app.get(QueueRegistry);
  const tokens = app.get(AccessTokenService);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_ROUTE);
  createBullBoard({
    queues: INBOX_QUEUES.flatMap((queue) => [
      new BullMQAdapter(registry.get(queue)),
      new BullMQAdapter(registry.get(deadLetterQueueOf(queue))),
    ]),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Barbershop queues' } },
  });
  const isAdmin = adminCheck(config, tokens);
  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (await isAdmin(request.headers.authorization)) return;
        return reply
          .status(401)
          .header('www-authenticate', 'Basic realm="queues", charset="UTF-8"')
          .header('content-type', 'application/json; charset=utf-8')
          .send({ statusCode: 401, code: 'UNAUTHORIZED', message: 'The queue board is for admins: sign in with the admin account.' });
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_ROUTE },
  );
}

function adminCheck(config: GatewayConfig, tokens: AccessTokenService): (authorization: string | undefined) => Promise<boolean> {
  const expectedEmail = digest(config.admin.email.toLowerCase());
  const expectedPassword = digest(config.admin.password);
  return async (authorization) => {
    if (!authorization) return false;
    const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === 'bearer') {
      try {
        return (await tokens.verify(value)).role === 'admin';
      } catch {
        return false;
      }
    }
    if (scheme.toLowerCase() !== 'basic') return false;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Compare digests so both sides have the same length and neither comparison leaks timing.
    const emailMatches = timingSafeEqual(digest(decoded.slice(0, colon).trim().toLowerCase()), expectedEmail);
    const passwordMatches = timingSafeEqual(digest(decoded.slice(colon + 1)), expectedPassword);
    return emailMatches && passwordMatches;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
