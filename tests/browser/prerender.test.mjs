// The first paint (scripts/prerender.mjs, web/src/lib.rs `remove_static_shell`): before the
// app's module has arrived, each route shows the app's own header, navigation, heading and
// introduction and says the calculator is loading; the app's first frame then replaces that
// copy whole, with the same words, and nothing on the page jumps as the figures come.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES, newPage, openApp, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

/** What a reader sees of the top of the page: header, current journey, heading, introduction. */
async function top(page) {
  return page.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent.trim().replace(/\s+/g, ' ') ?? null;
    return {
      service: text('.app-header__service'),
      current: text('nav.app-nav [aria-current="page"]'),
      heading: text('main#main h1'),
      lead: text('main#main h1 + p.govuk-body-l'),
    };
  });
}

test('before the module arrives, every route shows its own heading and introduction; the app then shows the same', async () => {
  for (const route of ROUTES) {
    // The module held back: only the static page can paint.
    const { context, page, log } = await newPage(env.browser, env.site, { viewport: { width: 412, height: 823 } });
    await context.route(/\.wasm$/, () => {});
    await page.goto(`${env.site.baseUrl}${route.hash}`);
    await page.locator('#static-shell').waitFor();
    const loading = page.locator('#static-shell [role="status"]');
    if (route.name === 'not-found') {
      // An address naming no route keeps the plain "loading" shell: no other page's heading.
      assert.equal(await page.locator('#static-shell h1').count(), 0, 'no heading for an unknown address');
      assert.match(await page.locator('#static-shell').innerText(), /Loading the calculator/);
      await context.close();
      continue;
    }
    assert.equal(await loading.innerText(), 'Loading the calculator…', `${route.hash}: says it is loading`);
    const shell = await top(page);
    assert.equal(shell.heading, route.heading, `${route.hash}: the static heading`);
    assert.ok(shell.lead && shell.lead.length > 40, `${route.hash}: an introduction (${shell.lead})`);
    assert.equal(shell.current, route.nav ?? null, `${route.hash}: the current journey in the navigation`);
    assert.equal(await page.locator('main#main').count(), 1);
    await context.close();

    // The app as it comes: the same words, and none of the static copy left.
    const app = await newPage(env.browser, env.site, { viewport: { width: 412, height: 823 } });
    await openApp(app.page, env.site, route.hash);
    assert.deepEqual(await top(app.page), shell, `${route.hash}: the app's own top of the page matches its copy`);
    assert.equal(await app.page.locator('#static-shell').count(), 0, `${route.hash}: the static copy is gone`);
    assert.equal(await app.page.locator('main#main').count(), 1, `${route.hash}: one main`);
    assert.equal(await app.page.locator('header').count(), 1, `${route.hash}: one header`);
    assert.equal(await app.page.locator('.app-skip-link').count(), 1, `${route.hash}: one skip link`);
    assert.deepEqual([...log.pageErrors, ...app.log.pageErrors], []);
    await app.context.close();
  }
});

test('nothing on the school workspace moves while it loads on a slow phone (layout shift)', async () => {
  const { context, page, log } = await newPage(env.browser, env.site, { viewport: { width: 412, height: 823 } });
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.nodeName ?? '(gone)') });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${env.site.baseUrl}#/school`);
  await page.locator('#results table td').first().waitFor({ timeout: 60_000 });
  // The rest of the code arrives and the sections that wait for it are drawn.
  await page.locator('#keep-heading').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  const shifts = await page.evaluate(() => window.__shifts);
  const total = shifts.reduce((s, e) => s + e.value, 0);
  console.log(`# layout shift while #/school loads at 4x CPU: ${total.toFixed(4)} (${shifts.length} shifts)`);
  // Before the static copy and the card-first frame, the rate-card notice pushed the page down
  // once the card arrived: 0.12.
  assert.ok(total < 0.01, `the page moved as it loaded: ${JSON.stringify(shifts)}`);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
