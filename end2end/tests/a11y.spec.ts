import AxeBuilder from '@axe-core/playwright';
import { expect, open, test } from './helpers';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

for (const locale of ['fr', 'en']) {
  for (const path of ['/', '/themes/10']) {
    test(`${path} has no WCAG 2.1 A/AA violation in ${locale}`, async ({ page, context, baseURL }, testInfo) => {
      await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL! }]);
      await open(page, testInfo, path);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    });
  }
}
