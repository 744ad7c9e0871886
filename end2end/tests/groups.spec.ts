import { test, expect, open, signUp, signIn, signOut, uniqueEmail } from './helpers';

const PASSWORD = 'les cigales chantent à Marseille';

test('un thème s’ouvre, une lectrice le rejoint, l’animation l’accueille, un suiveur le voit dans le flux', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  // Each project opens its own thème, so that both can run at once.
  const number = testInfo.project.name === 'sans-javascript' ? '13' : '14';
  const suffix = `${Date.now() % 100000}`;
  const fanny = { name: `Fanny ${suffix}`, email: uniqueEmail(testInfo, 'fanny') };
  const camille = { name: `Camille ${suffix}`, email: uniqueEmail(testInfo, 'camille') };
  const dominique = { name: `Dominique ${suffix}`, email: uniqueEmail(testInfo, 'dominique') };
  await signUp(page, testInfo, fanny.name, fanny.email, PASSWORD);
  await signOut(page);
  await signUp(page, testInfo, camille.name, camille.email, PASSWORD);
  await signOut(page);
  await signUp(page, testInfo, dominique.name, dominique.email, PASSWORD);
  await signOut(page);

  // A moderator opens the thème.
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: 'Ouvrir un thème' }).click();
  await expect(page).toHaveURL(/\/themes\/new$/);
  await page.getByLabel('Numéro du thème').fill(number);
  await page.getByLabel('Titre').fill(`Coopérer entre territoires ${suffix}`);
  await page.getByLabel('Résumé (une phrase)').fill('Relier les initiatives locales de l’ESS.');
  await page.getByLabel('Description').fill('Un groupe pour **relier** les territoires.');
  await page.getByRole('button', { name: 'Ouvrir le thème' }).click();
  await expect(page).toHaveURL(new RegExp(`/themes/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Coopérer entre territoires ${suffix}`);
  await signOut(page);

  // Fanny asks to join; the moderator accepts: the group's first member animates it.
  await signIn(page, testInfo, fanny.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await page.getByLabel('Un mot pour l’animation (facultatif)').fill('Je veux bien animer.');
  await page.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
  await expect(page.getByRole('status')).toContainText('Votre demande a été envoyée');
  await signOut(page);
  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, `/themes/${number}/members`);
  await page.getByRole('button', { name: `Accepter la demande de ${fanny.name}` }).click();
  await expect(page.getByRole('status')).toContainText('La demande a été acceptée.');
  await signOut(page);

  // Camille asks; Fanny, the facilitator, accepts.
  await signIn(page, testInfo, camille.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await page.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
  await expect(page.getByText('Votre demande pour rejoindre le groupe attend')).toBeVisible();
  await signOut(page);
  await signIn(page, testInfo, fanny.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await expect(page.getByText('Vous animez ce groupe.')).toBeVisible();
  await open(page, testInfo, `/themes/${number}/members`);
  await page.getByRole('button', { name: `Accepter la demande de ${camille.name}` }).click();
  await expect(page.getByRole('status')).toContainText('La demande a été acceptée.');
  await signOut(page);

  // Camille sees the notification.
  await signIn(page, testInfo, camille.email, PASSWORD);
  await expect(page.locator('.count-badge')).toBeVisible();
  await page.getByRole('link', { name: /Notifications/ }).click();
  // Addressed to her, in words that need no agreement.
  await expect(page.getByText(`${fanny.name} a accepté votre demande : vous êtes membre du groupe`)).toBeVisible();
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(page.locator('.count-badge')).toHaveCount(0);
  await signOut(page);

  // Dominique follows the thème, and its feed tells the story.
  await signIn(page, testInfo, dominique.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await page.getByRole('button', { name: 'Suivre ce thème' }).click();
  await expect(page.getByRole('status')).toContainText('Vous suivez ce thème');
  await open(page, testInfo, '/account');
  await expect(page.getByRole('region', { name: 'Les thèmes que je suis' })).toContainText(`Coopérer entre territoires ${suffix}`);
  const feed = await request.get(`/themes/${number}/feed.atom`);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  const xml = await feed.text();
  expect(xml).toContain(`${fanny.name} a accueilli ${camille.name} dans le groupe`);
  expect(xml).toContain('a ouvert le thème');
  expect(xml).not.toContain('demande à rejoindre');
});
