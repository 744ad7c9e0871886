import { test, expect, open, signUp, signIn, signOut, uniqueEmail, withJs } from './helpers';
import type { Browser, Page, TestInfo } from '@playwright/test';

const PASSWORD = 'les cigales chantent à Marseille';

/** A page of its own (cookies, storage) for one person. */
async function personPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: withJs(testInfo),
  });
  return context.newPage();
}

test('deux membres discutent ; l’un cite l’autre et mentionne une troisième, qui est notifiée ; un message signalé est masqué par la modération', async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000);
  const js = withJs(testInfo);
  // Each project discusses in its own thème, so that both can run at once.
  const number = js ? '11' : '10';
  const suffix = `${Date.now() % 100000}`;
  const people = ['Alice', 'Bruno', 'Chloé'].map((name) => ({
    name: `${name} ${suffix}`,
    email: uniqueEmail(testInfo, `${name.toLowerCase().replace('é', 'e')}-discussion`),
  }));
  for (const person of people) {
    await signUp(page, testInfo, person.name, person.email, PASSWORD);
    await open(page, testInfo, `/themes/${number}`);
    await page.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
    await expect(page.getByRole('status')).toContainText('Votre demande a été envoyée');
    await signOut(page);
  }
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  for (const person of people) {
    await open(page, testInfo, `/themes/${number}/members`);
    await page.getByRole('button', { name: `Accepter la demande de ${person.name}` }).click();
    await expect(page.getByRole('status')).toContainText('La demande a été acceptée.');
  }
  await signOut(page);
  const [alice, bruno, chloe] = people;

  // Alice opens a thread.
  await signIn(page, testInfo, alice.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}/discussions`);
  await page.getByRole('link', { name: 'Nouvelle discussion' }).click();
  await expect(page).toHaveURL(/\/discussions\/new$/);
  const title = `Cantines et producteurs ${suffix}`;
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Message', { exact: true }).fill('Qui connaît **une cantine** qui achète aux producteurs du territoire ?');
  await page.getByRole('button', { name: 'Ouvrir la discussion' }).click();
  await expect(page).toHaveURL(/\/discussions\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const threadPath = new URL(page.url()).pathname;

  // With JavaScript, Alice keeps the thread open and Chloé has a page open: both see what
  // Bruno writes without reloading.
  const chloePage = await personPage(browser, testInfo);
  await signIn(chloePage, testInfo, chloe.email, PASSWORD);
  // Her welcome into the group is read first.
  await open(chloePage, testInfo, '/notifications');
  await chloePage.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await open(chloePage, testInfo, `/themes/${number}`);
  await expect(chloePage.locator('.account-menu .count-badge')).toHaveCount(0);

  // Bruno quotes Alice and mentions Chloé.
  const brunoPage = await personPage(browser, testInfo);
  await signIn(brunoPage, testInfo, bruno.email, PASSWORD);
  await open(brunoPage, testInfo, threadPath);
  const alicePost = brunoPage.locator('li.post', { hasText: 'une cantine' });
  await alicePost.getByRole('link', { name: 'Citer' }).click();
  await expect(brunoPage).toHaveURL(/quote=\d+/);
  const area = brunoPage.getByLabel('Message', { exact: true });
  await expect(area).toHaveValue(new RegExp(`^> \\*\\*\\[${alice.name}\\]`));
  await expect(area).toHaveValue(/> Qui connaît \*\*une cantine\*\*/);
  const reply = `Celle de Mouans-Sartoux ; @${chloe.name} connaît bien le sujet.`;
  await area.fill(`${await area.inputValue()}${reply}`);
  await brunoPage.getByRole('button', { name: 'Publier' }).click();
  await expect(brunoPage).toHaveURL(/\?post=\d+#post-\d+$/);
  const brunoPost = brunoPage.locator('li.post', { hasText: 'Celle de Mouans-Sartoux' });
  await expect(brunoPost.locator('blockquote')).toContainText('Qui connaît une cantine');
  await expect(brunoPost.getByRole('link', { name: `En réponse à ${alice.name}` })).toBeVisible();
  await expect(brunoPost.getByRole('link', { name: `@${chloe.name}` })).toHaveAttribute('href', /^\/members\//);

  if (js) {
    // Live: Alice's page shows the reply; Chloé's header counts the mention.
    await expect(page.locator('li.post', { hasText: 'Celle de Mouans-Sartoux' })).toBeVisible();
    // (Other tests may write in this thème meanwhile: at least the mention is counted.)
    await expect(chloePage.locator('.account-menu .count-badge')).toHaveText(/^[1-9]\d*$/);
  } else {
    await page.reload();
    await expect(page.locator('li.post', { hasText: 'Celle de Mouans-Sartoux' })).toBeVisible();
  }

  // Chloé reads her notification and follows it to the post.
  await open(chloePage, testInfo, '/notifications');
  const notification = chloePage.getByText(`${bruno.name} a cité votre nom dans « ${title} »`);
  await expect(notification).toBeVisible();

  // Chloé reports Bruno's post.
  await open(chloePage, testInfo, threadPath);
  const reported = chloePage.locator('li.post', { hasText: 'Celle de Mouans-Sartoux' });
  await reported.getByText('Signaler', { exact: true }).click();
  await reported.getByLabel('Pourquoi signalez-vous ce message ?').fill(`Hors sujet ${suffix}`);
  await reported.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(chloePage.getByRole('status')).toContainText('votre signalement a été transmis');

  // A moderator hides it from the moderation page.
  await signOut(page);
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, '/moderation');
  const report = page.locator('li.report', { hasText: `Hors sujet ${suffix}` });
  await expect(report).toContainText('Celle de Mouans-Sartoux');
  await report.getByLabel('Note (facultative)').fill('Hors sujet, déplacé');
  await report.getByRole('button', { name: 'Masquer le message' }).click();
  await expect(page.getByRole('status')).toContainText('Le signalement est traité.');
  await expect(page.locator('li.report', { hasText: `Hors sujet ${suffix}` })).toHaveCount(0);
  await open(page, testInfo, threadPath);
  await expect(page.locator('li.post', { hasText: 'Celle de Mouans-Sartoux' })).toContainText('Message masqué');

  // Visitors and members no longer see it; Alice's post stays.
  await open(brunoPage, testInfo, threadPath);
  await expect(brunoPage.getByText('Celle de Mouans-Sartoux')).toHaveCount(0);
  await expect(brunoPage.getByText('une cantine')).toBeVisible();
  await signOut(page);
  await open(page, testInfo, threadPath);
  await expect(page.getByText('Celle de Mouans-Sartoux')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Connectez-vous pour répondre.' })).toBeVisible();

  await brunoPage.context().close();
  await chloePage.context().close();
});

test('une réponse trop longue est refusée et le texte tapé reste dans le formulaire', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const js = withJs(testInfo);
  const number = js ? '11' : '10';
  const member = { name: `Denise ${Date.now() % 100000}`, email: uniqueEmail(testInfo, 'denise') };
  await signUp(page, testInfo, member.name, member.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await page.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
  // Signing out before the request is answered could leave it unsent.
  await expect(page.getByRole('status')).toContainText('Votre demande a été envoyée');
  await signOut(page);
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, `/themes/${number}/members`);
  await page.getByRole('button', { name: `Accepter la demande de ${member.name}` }).click();
  await expect(page.getByRole('status')).toContainText('La demande a été acceptée.');
  await signOut(page);

  await signIn(page, testInfo, member.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}/discussions/new`);
  const title = `Longueur ${member.name}`;
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Message', { exact: true }).fill('Un premier message.');
  await page.getByRole('button', { name: 'Ouvrir la discussion' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

  const long = `Début du texte. ${'é'.repeat(20_000)}`;
  await page.getByLabel('Message', { exact: true }).fill(long);
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('#field-body-error')).toContainText('20 000 caractères');
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(long);
  await expect(page.locator('li.post')).toHaveCount(1);
});
