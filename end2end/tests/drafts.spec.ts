import { test, expect, open, signUp, signIn, signOut, uniqueEmail, withJs } from './helpers';
import type { Browser, Page, TestInfo } from '@playwright/test';

const PASSWORD = 'les cigales chantent à Marseille';

const FIRST = [
  'Les circuits courts relient producteurs et habitants du territoire.',
  'Ils créent des emplois locaux et durables.',
  'La restauration collective peut en être le moteur.',
].join('\n\n');

/** A page of its own (cookies, storage) for one person. */
async function personPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: withJs(testInfo),
  });
  return context.newPage();
}

test('deux membres écrivent sur la même base, une fusion propre ; un conflit se résout ; une lectrice voit les différences et qui a écrit quoi', async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000);
  // Each project writes in its own thème, so that both can run at once.
  const number = testInfo.project.name === 'sans-javascript' ? '10' : '11';
  const suffix = `${Date.now() % 100000}`;
  const people = ['Alice', 'Bruno', 'Chloé'].map((name) => ({
    name: `${name} ${suffix}`,
    email: uniqueEmail(testInfo, name.toLowerCase().replace('é', 'e')),
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

  // Alice starts a draft.
  await signIn(page, testInfo, alice.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}/drafts`);
  await page.getByRole('link', { name: 'Nouveau texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/new$/);
  const title = `Proposition circuits courts ${suffix}`;
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Texte', { exact: true }).fill(FIRST);
  await page.getByRole('button', { name: 'Créer le texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const draftPath = new URL(page.url()).pathname;

  // Bruno, Chloé and Alice all open the editor on revision 1.
  const brunoPage = await personPage(browser, testInfo);
  const chloePage = await personPage(browser, testInfo);
  await signIn(brunoPage, testInfo, bruno.email, PASSWORD);
  await signIn(chloePage, testInfo, chloe.email, PASSWORD);
  for (const editor of [brunoPage, chloePage, page]) {
    await open(editor, testInfo, `${draftPath}/edit`);
    await expect(editor.getByText('Vous modifiez à partir de la révision 1.')).toBeVisible();
  }

  // Bruno saves first.
  await brunoPage
    .getByLabel('Texte', { exact: true })
    .fill(FIRST.replace('du territoire', 'de tout le territoire'));
  await brunoPage.getByLabel('Résumé de la modification (facultatif)').fill('Tout le territoire');
  await brunoPage.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(brunoPage).toHaveURL(/done=saved&to=2$/);

  // Chloé, still on revision 1, changes another passage: a clean merge.
  await chloePage
    .getByLabel('Texte', { exact: true })
    .fill(FIRST.replace('peut en être', 'doit en être'));
  await chloePage.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(chloePage).toHaveURL(/done=merged&from=1&to=3$/);
  await expect(chloePage.getByRole('status')).toContainText('vos modifications y ont été fusionnées');
  await expect(chloePage.locator('.draft__text')).toContainText('de tout le territoire');
  await expect(chloePage.locator('.draft__text')).toContainText('doit en être');

  // Alice, still on revision 1, changes Bruno's passage: a conflict, her text kept.
  await page.getByLabel('Texte', { exact: true }).fill(FIRST.replace('du territoire', 'de la région'));
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page).toHaveURL(/\/edit\?stash=/);
  await expect(page.getByRole('heading', { name: 'Passages modifiés par d’autres : 1' })).toBeVisible();
  await expect(page.locator('.conflict__theirs')).toContainText('de tout le territoire');
  await expect(page.locator('.conflict__mine')).toContainText('de la région');
  const kept = await page.getByLabel('Texte', { exact: true }).inputValue();
  expect(kept).toContain('de la région');
  expect(kept).toContain('doit en être');
  // She resolves by keeping both, and saves.
  await page
    .getByLabel('Texte', { exact: true })
    .fill(kept.replace('de la région', 'de tout le territoire et de la région'));
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page).toHaveURL(/done=saved&to=4$/);
  await expect(page.locator('.draft__text')).toContainText('de tout le territoire et de la région');
  await expect(page.locator('.draft__text')).toContainText('doit en être');
  await signOut(page);

  // A reader (signed out) compares revisions 1 and 3 and sees who wrote what.
  await open(page, testInfo, `${draftPath}/history`);
  await expect(page.getByRole('cell', { name: 'Tout le territoire' })).toBeVisible();
  await page.getByRole('radio', { name: 'De 1', exact: true }).check();
  await page.getByRole('radio', { name: 'À 3', exact: true }).check();
  await page.getByRole('button', { name: 'Comparer' }).click();
  await expect(page).toHaveURL(/diff\?(from=1&to=3|to=3&from=1)$/);
  await expect(page.locator('.diff__inline ins').first()).toBeVisible();
  await expect(page.locator('.diff__inline')).toContainText('tout le');
  await expect(page.locator('.diff__inline del')).toContainText(['peut']);
  await page.getByRole('link', { name: 'Côte à côte' }).click();
  await expect(page.locator('.diff__new').first()).toContainText('de tout le territoire');
  await page.getByRole('link', { name: 'Qui a écrit quoi' }).click();
  await expect(page).toHaveURL(/\/attribution$/);
  const legend = page.locator('.contributors');
  for (const person of people) {
    await expect(legend).toContainText(person.name);
  }
  await expect(page.locator('.attribution__text a[data-revision="3"]')).toContainText('doit');
  await brunoPage.context().close();
  await chloePage.context().close();
});

test('avec JavaScript, un texte tapé mais pas encore enregistré survit à un rechargement ; sans, la page montre le texte enregistré', async ({ page }, testInfo) => {
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, '/themes/12/drafts/new');
  await page.getByLabel('Titre').fill(`Brouillon local ${Date.now() % 100000}`);
  await page.getByLabel('Texte', { exact: true }).fill('Texte enregistré.');
  await page.getByRole('button', { name: 'Créer le texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  const draftPath = new URL(page.url()).pathname;
  await open(page, testInfo, `${draftPath}/edit`);
  await page.getByLabel('Texte', { exact: true }).fill('Texte enregistré, puis une phrase tapée hors ligne.');
  // The page goes away before any save (a reload, a crash, a lost connection).
  await open(page, testInfo, `${draftPath}/edit`);
  const body = page.getByLabel('Texte', { exact: true });
  if (withJs(testInfo)) {
    await expect(body).toHaveValue('Texte enregistré, puis une phrase tapée hors ligne.');
    await expect(page.getByText('Votre texte non enregistré a été retrouvé dans ce navigateur.')).toBeVisible();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect(page).toHaveURL(/done=saved&to=2$/);
    // Acknowledged by the server: the browser's copy is gone.
    await open(page, testInfo, `${draftPath}/edit`);
    await expect(page.getByText('Votre texte non enregistré a été retrouvé dans ce navigateur.')).toHaveCount(0);
    await expect(body).toHaveValue('Texte enregistré, puis une phrase tapée hors ligne.');
  } else {
    // Without JavaScript the browser keeps nothing: the page shows the saved text.
    await expect(body).toHaveValue('Texte enregistré.');
  }
});

test('le texte non enregistré que garde le navigateur est au nom de qui l’a tapé et disparaît à la déconnexion', async ({ page }, testInfo) => {
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, '/themes/12/drafts/new');
  await page.getByLabel('Titre').fill(`Brouillon personnel ${Date.now() % 100000}`);
  await page.getByLabel('Texte', { exact: true }).fill('Texte enregistré.');
  await page.getByRole('button', { name: 'Créer le texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  const draftPath = new URL(page.url()).pathname;
  await open(page, testInfo, `${draftPath}/edit`);
  await page.getByLabel('Texte', { exact: true }).fill('Une phrase que personne d’autre ne doit lire.');
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('atelier:draft:')));
  const viewer = await page.locator('[data-viewer]').getAttribute('data-viewer');
  expect(viewer).toMatch(/^[0-9a-f-]{36}$/);
  if (withJs(testInfo)) {
    const keys = await kept();
    expect(keys.length).toBeGreaterThan(0);
    // Every key names the person signed in: another account on this browser never reads it.
    for (const key of keys) {
      expect(key).toContain(`atelier:draft:${viewer}:`);
    }
  } else {
    expect(await kept()).toEqual([]);
  }
  await signOut(page);
  expect(await kept()).toEqual([]);
});

test('un texte adopté pendant qu’on l’écrit : l’enregistrement est refusé et le texte tapé est rendu, avec ou sans JavaScript', async ({ page, browser }, testInfo) => {
  test.setTimeout(60_000);
  const admin = [process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? ''] as const;
  await signIn(page, testInfo, ...admin);
  await open(page, testInfo, '/themes/12/drafts/new');
  await page.getByLabel('Titre').fill(`Adopté en cours d’écriture ${Date.now() % 100000}`);
  await page.getByLabel('Texte', { exact: true }).fill('Première version du texte.');
  await page.getByRole('button', { name: 'Créer le texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  const draftPath = new URL(page.url()).pathname;
  await open(page, testInfo, `${draftPath}/edit`);
  const typed = 'Première version du texte, et une longue phrase tapée avec soin pendant la réunion.';
  await page.getByLabel('Texte', { exact: true }).fill(typed);

  // Meanwhile, in another browser, the draft goes to review and is adopted.
  const other = await personPage(browser, testInfo);
  await signIn(other, testInfo, ...admin);
  for (const status of ['En relecture', 'Adopté']) {
    // A fresh page each time: with JavaScript the previous confirmation would still be shown.
    await open(other, testInfo, draftPath);
    const panel = other.locator('details.status-panel__form');
    if (!(await panel.evaluate((details) => (details as HTMLDetailsElement).open))) {
      await panel.locator('summary').click();
    }
    await other.getByLabel(status).check();
    await other.getByRole('button', { name: 'Changer l’état', exact: true }).click();
    await expect(other.getByRole('status')).toContainText('L’état du texte a changé.');
  }
  await open(other, testInfo, draftPath);
  await expect(other.getByText('Ce texte est adopté')).toBeVisible();
  await other.context().close();

  // The save is refused; nothing typed is lost.
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  if (withJs(testInfo)) {
    // The page stays, with the text as typed and the reason.
    await expect(page.locator('.form-errors')).toBeVisible();
  } else {
    // The page is replaced by the editor giving the text back from the server.
    await expect(page).toHaveURL(/\/edit\?stash=/);
    await expect(page.getByText('Rien n’a été enregistré')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Enregistrer', exact: true })).toHaveCount(0);
  }
  await expect(page.getByLabel('Texte', { exact: true })).toHaveValue(typed);
  await open(page, testInfo, draftPath);
  await expect(page.locator('.draft__text')).toContainText('Première version du texte.');
  await expect(page.locator('.draft__text')).not.toContainText('longue phrase');
});
