// axe-core (from node_modules, injected into the page) on every route: no violation of the
// WCAG 2.2 A and AA rules. Also screenshots of every route for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES, SUB_PATH, axe, formatViolations, newPage, openApp, screenshot, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

const format = (violations) => formatViolations(violations, Infinity);

for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'mobile', width: 375, height: 740 }]) {
  test(`axe finds no WCAG 2.2 A/AA violation on any route (${viewport.name})`, async () => {
    const { context, page } = await newPage(env.browser, env.site, { viewport });
    for (const route of ROUTES) {
      await openApp(page, env.site, route.hash);
      assert.equal((await page.locator('#main h1').innerText()).trim(), route.heading);
      const { violations, passes } = await axe(page);
      assert.ok(passes > 10, `axe ran its rules on ${route.hash}`);
      assert.deepEqual(violations, [], `${route.hash}:\n${format(violations)}`);
      await screenshot(page, `route-${route.name}-${viewport.name}`);
    }
    await context.close();
  });
}

test('axe finds no violation when the rate card fails to load', async () => {
  const { context, page } = await newPage(env.browser, env.site, {
    fulfil: (url) => (url.pathname.startsWith(`${SUB_PATH}ratecards/`)
      ? { status: 200, contentType: 'application/json', body: '{"id": 1, "colour": "red"}' } : undefined),
  });
  await openApp(page, env.site);
  assert.equal(await page.locator('[data-status="failed"]').count(), 1);
  const { violations } = await axe(page);
  assert.deepEqual(violations, [], format(violations));
  await context.close();
});

test('axe does report a violation when there is one (the check itself works)', async () => {
  const { context, page } = await newPage(env.browser, env.site);
  await openApp(page, env.site);
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'favicon.svg';
    document.querySelector('#main').appendChild(img);
  });
  const { violations } = await axe(page);
  assert.ok(violations.some((v) => v.id === 'image-alt'), format(violations));
  await context.close();
});
