// Hydration benchmark (figures, not pass/fail): how long a first visit takes to become interactive,
// in Debian's Chromium, without and with 4× CPU throttling (Chrome DevTools' "mid-tier mobile").
//   node scripts/bench/hydration.mjs BASE_URL RUNS PATH...
// For each page and rate it prints the median over RUNS cold visits (a new browser context each
// time, so nothing is cached) of: the HTML's arrival (responseEnd), DOMContentLoaded, the end of
// the wasm download, and the moment the page is hydrated (the `data-hydrated` attribute the app
// sets on <body>, seen by a MutationObserver installed before the page's own scripts run), plus
// the bytes transferred for scripts and wasm.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('end2end/package.json'));
const { chromium } = require('@playwright/test');

const [base, runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg) || 5;
if (!base || paths.length === 0) {
  console.error('usage: node scripts/bench/hydration.mjs BASE_URL RUNS PATH...');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

async function visit(url, rate) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen = () => {
      if (document.body && document.body.getAttribute('data-hydrated') === 'true') {
        window.__hydratedAt = performance.now();
        return true;
      }
      return false;
    };
    new MutationObserver((_, observer) => {
      if (seen()) observer.disconnect();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  const figures = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const wasm = resources.filter((r) => r.name.endsWith('.wasm'));
    const scripts = resources.filter((r) => r.name.endsWith('.js'));
    return {
      html: navigation.responseEnd,
      dcl: navigation.domContentLoadedEventEnd,
      wasmEnd: wasm.length ? Math.max(...wasm.map((r) => r.responseEnd)) : 0,
      hydrated: window.__hydratedAt,
      wasmBytes: wasm.reduce((sum, r) => sum + r.transferSize, 0),
      jsBytes: scripts.reduce((sum, r) => sum + r.transferSize, 0),
    };
  });
  await context.close();
  return figures;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (value) => `${value.toFixed(0)} ms`.padStart(9);

console.log(
  `${'page'.padEnd(34)} ${'CPU'.padStart(4)} ${'HTML'.padStart(9)} ${'DOM ready'.padStart(9)} ${'wasm in'.padStart(9)} ${'hydrated'.padStart(9)} ${'wasm B'.padStart(9)} ${'JS B'.padStart(7)}`,
);
for (const pagePath of paths) {
  for (const rate of [1, 4]) {
    const all = [];
    for (let i = 0; i < runs; i += 1) all.push(await visit(new URL(pagePath, base).href, rate));
    const pick = (key) => median(all.map((f) => f[key]));
    console.log(
      `${pagePath.slice(0, 34).padEnd(34)} ${`${rate}×`.padStart(4)} ${ms(pick('html'))} ${ms(pick('dcl'))} ${ms(pick('wasmEnd'))} ${ms(pick('hydrated'))} ${String(pick('wasmBytes')).padStart(9)} ${String(pick('jsBytes')).padStart(7)}`,
    );
  }
}
await browser.close();
