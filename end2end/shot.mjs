// Developer helper: full-page screenshots of Atelier pages, in Debian's Chromium.
//   node end2end/shot.mjs http://127.0.0.1:3000/ out.png [width] [fr|en]
// SHOT_FULL=0 takes the first screen only; SHOT_OPEN=1 opens every <details> first. With SHOT_COOKIE=name=value (e.g. a session cookie) the page is taken signed in.
import { chromium } from '@playwright/test';

const [url, out, width = '1280', locale = 'fr'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url }]);
if (process.env.SHOT_COOKIE) {
  const [name, ...value] = process.env.SHOT_COOKIE.split('=');
  await context.addCookies([{ name, value: value.join('='), url }]);
}
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('body[data-hydrated="true"]', { timeout: 10_000 }).catch(() => {});
if (process.env.SHOT_OPEN === '1') {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
}
await page.screenshot({ path: out, fullPage: process.env.SHOT_FULL !== '0' });
await browser.close();
