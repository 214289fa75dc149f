import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

export const WEB_APP_ROUTE = '/app/';
/** Vite puts every hashed file under assets/: its name changes with its content, so it may be cached for good. */
const HASHED_ASSETS = 'assets/';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Barbershop</title></head>' +
  '<body><main><h1>The web app is not built yet</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload this page.</p></main></body></html>';
/** Nothing from another origin (DESIGN §12: it works offline); the API and its live feeds are same-origin. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self' http: https:; frame-ancestors 'none'";

/**
 * Where the built web app (apps/web, built by scripts/build.mjs) lives: WEB_APP_DIR when set, else
 * `web/` of the build this gateway runs from (dist/web), else the repository's dist/web (tests that
 * run the gateway from source).
 */
export function defaultWebAppDir(from: string = __dirname): string {
  const besideBuild = resolve(from, '../../../../web');
  if (existsSync(resolve(besideBuild, 'index.html'))) return besideBuild;
  let dir = from;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return besideBuild;
    dir = parent;
  }
  return resolve(dir, 'dist/web');
}

/**
 * The customer's web app at /app/ (DESIGN §12), as plain Fastify routes outside Nest's guards:
 * hashed assets with a year-long immutable cache, any other /app/* path answered with index.html
 * (the single-page app routes it; never cached, so a deploy shows at once), and GET / redirecting
 * to /app/.
 */
export async function mountWebApp(app: NestFastifyApplication, webAppDir: string, settings: WebAppSettings): Promise<void> {
  const root = resolve(webAppDir);
  const indexHtml = indexWithSettings(resolve(root, 'index.html'), settings);
  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyStatic, { root, serve: false, decorateReply: true });
    scope.get('/', (_request, reply) => reply.redirect(WEB_APP_ROUTE, 302));
    scope.get('/app', (_request, reply) => reply.redirect(WEB_APP_ROUTE, 301));
    scope.get('/app/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const path = request.params['*'];
      if (!existsSync(resolve(root, 'index.html'))) {
        return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      }
      if (path.startsWith(HASHED_ASSETS)) {
        return reply.sendFile(path, root, { maxAge: ONE_YEAR_MS, immutable: true });
      }
      if (path !== '' && path !== 'index.html' && isFileInside(root, path)) {
        return reply.sendFile(path, root, { maxAge: 3600 * 1000 });
      }
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .type('text/html; charset=utf-8')
        .send(indexHtml());
    });
  });
}

function isFileInside(root: string, path: string): boolean {
  const target = resolve(root, path);
  if (!target.startsWith(root + sep)) return false;
  try {
    return statSync(target).isFile();
  } catch {
    return false;
  }
}

/** What the page needs to know of the server's rules, told in index.html's <meta> tags. */
export interface WebAppSettings {
  cancellationWindowHours: number;
  rescheduleWindowHours: number;
  minNoticeMinutes: number;
}

/**
 * index.html with the settings as <meta name="barbershop:…"> tags, read again only when the file
 * changes (a rebuild while the gateway runs).
 */
function indexWithSettings(path: string, settings: WebAppSettings): () => string {
  let cached: { mtimeMs: number; html: string } | null = null;
  const meta = [
    `<meta name="barbershop:cancellation-window-hours" content="${settings.cancellationWindowHours}" />`,
    `<meta name="barbershop:reschedule-window-hours" content="${settings.rescheduleWindowHours}" />`,
    `<meta name="barbershop:min-notice-minutes" content="${settings.minNoticeMinutes}" />`,
  ].join('\n    ');
  return () => {
    const { mtimeMs } = statSync(path);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(path, 'utf8').replace('</head>', `  ${meta}\n  </head>`) };
    return cached.html;
  };
}
