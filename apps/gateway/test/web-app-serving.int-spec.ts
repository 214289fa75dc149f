import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { TestSystem } from '../../../test/support/system';

/**
 * DESIGN §12: the gateway serves the built web app at /app/ — hashed assets cached for a year,
 * index.html (never cached) for any other /app/* path so the app's own routes load on a reload,
 * and GET / sends a browser there. The real gateway process, serving the dist/web the suite built.
 */
describe('The gateway serves the web app at /app/', () => {
  let system: TestSystem;
  let gateway: string;
  const builtIndex = readFileSync(resolve(__dirname, '../../../dist/web/index.html'), 'utf8');

  beforeAll(async () => {
    system = await TestSystem.start(['gateway'], { CANCELLATION_WINDOW_HOURS: '36', BOOKING_MIN_NOTICE_MINUTES: '90' });
    gateway = system.gatewayUrl;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('redirects GET / and /app to /app/', async () => {
    const home = await fetch(`${gateway}/`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/app/');
    const bare = await fetch(`${gateway}/app`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/app/');
  });

  it('answers /app/ and any deeper app path with index.html, not cached, with a same-origin-only policy', async () => {
    for (const path of ['/app/', '/app/bookings/0b8c7c1e-5f0e-4a7a-9f53-0d7d2f1c9a11', '/app/my-bookings?tab=past']) {
      const response = await fetch(`${gateway}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await response.text();
      // The built page, plus what it needs of the server's rules.
      expect(html.replace(/\n\s*<meta name="barbershop:[^>]+>/g, '')).toBe(builtIndex);
      expect(html).toContain('<meta name="barbershop:cancellation-window-hours" content="36" />');
      // RESCHEDULE_WINDOW_HOURS unset: the cancellation window.
      expect(html).toContain('<meta name="barbershop:reschedule-window-hours" content="36" />');
      expect(html).toContain('<meta name="barbershop:min-notice-minutes" content="90" />');
    }
  });

  it('serves each hashed asset index.html names with a year-long immutable cache', async () => {
    const assets = [...builtIndex.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).toMatch(/-[\w-]{8}\.(js|css)$/);
      const response = await fetch(`${gateway}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(/javascript|css/);
    }
  });

  it('answers a missing asset 404, never index.html in its place', async () => {
    const response = await fetch(`${gateway}/app/assets/gone-12345678.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
  });

  it('keeps the API where it was: /health and /docs-json still answer JSON', async () => {
    expect((await fetch(`${gateway}/health`)).status).toBe(200);
    const document = await fetch(`${gateway}/docs-json`);
    expect(document.headers.get('content-type')).toMatch(/json/);
  });

  it('matches the web app\'s checked-in API types to the OpenAPI document it serves (npm run web:api regenerates them)', async () => {
    const root = resolve(__dirname, '../../..');
    const check = await promisify(execFile)(process.execPath, [resolve(root, 'apps/web/scripts/api-schema.mjs'), '--check', '--from', gateway], {
      cwd: root,
    }).catch((error: Error & { stderr?: string }) => ({ stdout: '', stderr: error.stderr ?? error.message, failed: true }));
    expect(check).toMatchObject({ stdout: 'apps/web/src/api/schema.d.ts matches the gateway\'s OpenAPI document.\n' });
  });
});
