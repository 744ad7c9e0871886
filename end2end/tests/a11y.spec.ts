import AxeBuilder from '@axe-core/playwright';
import { expect, open, signUp, test, uniqueEmail, uniqueName } from './helpers';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

for (const locale of ['fr', 'en']) {
  for (const path of ['/', '/themes/10', '/themes/10/members', '/themes/10/activity', '/login', '/signup', '/password/forgot', '/search?q=circuits+courts']) {
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

test('the account page and its refused forms have no WCAG 2.1 A/AA violation', async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, 'a11y');
  await signUp(page, testInfo, uniqueName('Accès Sans Obstacle', email), email, 'les cigales chantent à Marseille');
  await open(page, testInfo, '/account');
  const passwordCard = page.getByRole('region', { name: 'Mot de passe', exact: true });
  await passwordCard.getByLabel('Mot de passe actuel').fill('pas le bon');
  await passwordCard.getByLabel('Nouveau mot de passe').fill('court');
  await passwordCard.getByRole('button', { name: 'Changer de mot de passe' }).click();
  await expect(passwordCard.getByRole('alert')).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
});

test('the moderator’s pages (new thème, edit, notifications) have no WCAG 2.1 A/AA violation', async ({ page, context, baseURL }, testInfo) => {
  for (const locale of ['fr', 'en']) {
    await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL! }]);
    await open(page, testInfo, '/login');
    await page.locator('#field-email').fill(process.env.E2E_ADMIN_EMAIL ?? '');
    await page.locator('#field-password').fill(process.env.E2E_ADMIN_PASSWORD ?? '');
    await page.locator('form.form button[type=submit]').click();
    await expect(page).not.toHaveURL(/\/login/);
    for (const path of ['/themes/new', '/themes/10/edit', '/themes/10/members', '/notifications', '/themes/10']) {
      await open(page, testInfo, path);
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const summary = results.violations.map((v) => `${path} ${locale} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    }
    await page.locator('form[action="/logout"] button').click();
  }
});

test('the shared-draft pages (list, new, text, editor, history, diff, attribution, contributions) have no WCAG 2.1 A/AA violation', async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  await open(page, testInfo, '/login');
  await page.locator('#field-email').fill(process.env.E2E_ADMIN_EMAIL ?? '');
  await page.locator('#field-password').fill(process.env.E2E_ADMIN_PASSWORD ?? '');
  await page.locator('form.form button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
  // A moderator may write in any thème: a draft of two revisions in thème 12.
  await open(page, testInfo, '/themes/12/drafts/new');
  await page.locator('#field-title').fill('Texte pour l’accessibilité');
  await page.locator('#field-body').fill('Un premier paragraphe.\n\nUn second paragraphe.');
  await page.locator('form.editor button[type=submit]').first().click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  const draft = new URL(page.url()).pathname;
  await open(page, testInfo, `${draft}/edit`);
  await page.locator('#field-body').fill('Un premier paragraphe revu.\n\nUn second paragraphe.');
  await page.locator('form.editor button[type=submit]').first().click();
  await expect(page).toHaveURL(/done=saved/);
  // A comment on a passage, a suggestion and a status step, so that their forms and lists are checked.
  await page.locator('details#comment-form summary').click();
  await page.locator('#field-comment-quote').fill('Un second paragraphe');
  await page.locator('#field-comment-body').fill('Un commentaire sur ce passage.');
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(page.locator('mark.passage')).toHaveCount(1);
  await page.locator('details#suggest-form summary').click();
  await page.locator('#field-suggest-quote').fill('premier paragraphe revu');
  await page.locator('#field-suggest-replacement').fill('premier paragraphe relu');
  await page.getByRole('button', { name: 'Envoyer la suggestion' }).click();
  await expect(page.locator('.suggestion')).toHaveCount(1);
  // Hidden by a moderator (here its own author), the comment shows its notice and "show again".
  const own = page.locator('.comment .comment__body').first();
  await own.getByText('Masquer', { exact: true }).click();
  await own.getByLabel('Raison (communiquée à l’auteur)').fill('Essai');
  await own.getByRole('button', { name: 'Masquer le commentaire' }).click();
  await expect(page.locator('.comment .notice--hidden')).toHaveCount(1);
  await page.locator('.contributors a').first().click();
  await expect(page).toHaveURL(/\/members\//);
  const member = new URL(page.url()).pathname;
  for (const locale of ['fr', 'en']) {
    await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL! }]);
    for (const path of ['/themes/12/drafts', '/themes/12/drafts/new', draft, `${draft}/edit`, `${draft}/history`,
      `${draft}/revisions/1`, `${draft}/diff?from=1&to=2`, `${draft}/diff?from=2&to=1&view=side`, `${draft}/attribution`, member]) {
      await open(page, testInfo, path);
      // Every folded form (comment tools, reply, status…) is checked too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const summary = results.violations.map((v) => `${path} ${locale} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    }
  }
});

test('the discussion pages (list, new, thread with its forms, edit, versions, moderation) have no WCAG 2.1 A/AA violation', async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  await open(page, testInfo, '/login');
  await page.locator('#field-email').fill(process.env.E2E_ADMIN_EMAIL ?? '');
  await page.locator('#field-password').fill(process.env.E2E_ADMIN_PASSWORD ?? '');
  await page.locator('form.form button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
  // A moderator may write in any thème: a thread of two posts in thème 12, one edited, one reported.
  await open(page, testInfo, '/themes/12/discussions/new');
  await page.locator('#field-title').fill('Discussion pour l’accessibilité');
  await page.locator('#field-body').fill('Un premier message.');
  await page.getByRole('button', { name: 'Ouvrir la discussion' }).click();
  await expect(page).toHaveURL(/\/discussions\/\d+$/);
  const thread = new URL(page.url()).pathname;
  await page.locator('#field-body').fill('Une réponse **en gras**.');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page).toHaveURL(/\?post=\d+#post-\d+$/);
  const post = new URL(page.url()).searchParams.get('post');
  await open(page, testInfo, `${thread}/posts/${post}/edit`);
  await page.locator('#field-body').fill('Une réponse revue **en gras**.');
  await page.getByRole('button', { name: 'Enregistrer la modification' }).click();
  await expect(page).toHaveURL(/\?post=\d+#post-\d+$/);
  const reported = page.locator(`#post-${post}`);
  await reported.getByText('Signaler', { exact: true }).click();
  await reported.getByLabel('Pourquoi signalez-vous ce message ?').fill('Pour l’accessibilité');
  await reported.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByRole('status')).toContainText('signalement');
  for (const locale of ['fr', 'en']) {
    await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL! }]);
    for (const path of ['/themes/12/discussions', '/themes/12/discussions/new', thread, `${thread}?quote=${post}`,
      `${thread}/posts/${post}/edit`, `${thread}/posts/${post}/versions`, '/moderation']) {
      await open(page, testInfo, path);
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const summary = results.violations.map((v) => `${path} ${locale} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    }
  }
});
