// No request leaves 127.0.0.1, and a strict Content-Security-Policy holds with no violation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROUTES, cspConsoleErrors, newPage, openApp, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

function builtPolicy() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(meta, 'dist/index.html has a Content-Security-Policy meta tag');
  const directives = Object.fromEntries(meta[1].split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [k, ...v] = d.split(/\s+/); return [k, v]; }));
  return { html, policy: meta[1], directives };
}

describe('Content-Security-Policy of the built page', () => {
  test('is strict: no unsafe-eval, no unsafe-inline, no hosts, connect-src self', () => {
    const { policy, directives } = builtPolicy();
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['style-src'], ["'self'"]);
    assert.deepEqual(directives['object-src'], ["'none'"]);
    assert.deepEqual(directives['base-uri'], ["'none'"]);
    const script = directives['script-src'];
    assert.deepEqual(script.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
    assert.ok(script.slice(2).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), `only hashes besides: ${script}`);
    assert.ok(!policy.includes("'unsafe-eval'"));
    assert.ok(!policy.includes("'unsafe-inline'"));
    assert.ok(!/https?:|\*|data:|blob:/.test(policy), `no hosts or schemes: ${policy}`);
  });

  test('allows exactly the inline scripts of the page, by hash', () => {
    const { html, directives } = builtPolicy();
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attrs, body]) => !/\bsrc=/.test(attrs) && body.length > 0)
      .map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
    assert.ok(inline.length >= 1, 'Trunk writes one inline loader');
    assert.deepEqual(directives['script-src'].slice(2).sort(), inline.sort());
  });
});

describe('in the browser', () => {
  test('every route: no CSP violation, no CSP console error, no request to another host', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    for (const route of ROUTES) {
      await page.goto(`${env.site.baseUrl}${route.hash}`);
      await page.locator('#main h1').filter({ hasText: route.heading }).waitFor();
      await page.locator('.app-card-status [data-status]').waitFor();
      // A fresh load of each route too, not only a hash change.
      await page.reload();
      await page.locator('#main h1').filter({ hasText: route.heading }).waitFor();
      await page.locator('.app-card-status [data-status="illustrative"]').waitFor();
    }
    await page.waitForLoadState('networkidle');
    assert.deepEqual(log.csp, [], 'securitypolicyviolation events');
    assert.deepEqual(cspConsoleErrors(log), [], 'CSP errors in the console');
    assert.deepEqual(log.console, [], 'console errors and warnings');
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.blocked, [], 'requests to hosts other than 127.0.0.1');
    assert.ok(log.requests.length > 0);
    for (const url of log.requests) assert.equal(new URL(url).hostname, '127.0.0.1', url);
    await context.close();
  });

  test('a request to another host is caught and blocked (the check itself works)', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    // A navigation is not subject to connect-src, so it reaches the interception.
    await assert.rejects(page.goto('http://example.invalid/elsewhere'));
    assert.deepEqual(log.blocked, ['http://example.invalid/elsewhere']);
    await context.close();
  });

  test('the policy stops a fetch to another host before it is even made', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    const outcome = await page.evaluate(() => fetch('http://example.invalid/x').then(() => 'fetched', () => 'refused'));
    assert.equal(outcome, 'refused');
    for (let i = 0; i < 50 && log.csp.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(log.csp.some((v) => v.directive === 'connect-src'), JSON.stringify(log.csp));
    assert.deepEqual(log.blocked, []);
    await context.close();
  });

  test('the policy is enforced: an injected inline script is refused and reported', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.appendChild(s);
    });
    for (let i = 0; i < 50 && log.csp.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.ok(log.csp.some((v) => v.directive.startsWith('script-src')), `violation reported: ${JSON.stringify(log.csp)}`);
    await context.close();
  });
});
