// Atelier's browser tests, run in Debian's Chromium (never a downloaded browser).
// Every spec runs twice: without JavaScript (the server-rendered pages and plain forms) and with
// hydration. The accessibility spec needs JavaScript to inject axe-core, so it runs in the second.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: chromium,
    locale: 'fr-FR',
    trace: 'off',
  },
  projects: [
    {
      name: 'sans-javascript',
      use: { javaScriptEnabled: false },
      testIgnore: /a11y\.spec\.ts/,
    },
    {
      name: 'avec-hydratation',
      use: { javaScriptEnabled: true },
    },
  ],
});
