import { test, expect, open, signUp, signIn, signOut, uniqueEmail, uniqueName } from './helpers';

const PASSWORD = 'les cigales chantent à Marseille';
const NEW_PASSWORD = 'un vélo bleu sous la pluie d’automne';

test('une personne crée son compte, se déconnecte, se reconnecte et change son mot de passe', async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, 'camille');

  // A refused sign-up keeps what was typed (except the password) and says why, next to the field.
  await open(page, testInfo, '/signup');
  await page.getByLabel('Nom affiché').fill('Camille Durand');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('motdepasse');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('alert')).toContainText('Certaines informations ne sont pas valides');
  await expect(page.locator('#field-password-error')).toContainText('trop courant ou trop facile à deviner');
  await expect(page.getByLabel('Nom affiché')).toHaveValue('Camille Durand');
  await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
  await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await signUp(page, testInfo, uniqueName('Camille Durand', email), email, PASSWORD);
  await expect(page.getByRole('status')).toContainText('Bienvenue');
  await expect(page.locator('.account-menu')).toContainText('Camille Durand');

  await signOut(page);
  await expect(page).toHaveURL(/\/$/);

  // A wrong password: the generic message, the e-mail kept.
  await open(page, testInfo, '/login');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await expect(page.getByRole('alert')).toContainText('E-mail ou mot de passe incorrect.');
  await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);

  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await expect(page.locator('.account-menu')).toContainText('Camille Durand');

  await open(page, testInfo, '/account');
  const passwordCard = page.getByRole('region', { name: 'Mot de passe', exact: true });
  await passwordCard.getByLabel('Mot de passe actuel').fill(PASSWORD);
  await passwordCard.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
  await passwordCard.getByRole('button', { name: 'Changer de mot de passe' }).click();
  await expect(page.getByRole('status')).toContainText('Votre mot de passe a été changé');

  await signOut(page);
  await signIn(page, testInfo, email, NEW_PASSWORD);
  await expect(page.locator('.account-menu')).toContainText('Camille Durand');
});

test('la page du compte renvoie vers la connexion, puis revient', async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, 'alex');
  await signUp(page, testInfo, uniqueName('Alex Martin', email), email, PASSWORD);
  await signOut(page);
  await open(page, testInfo, '/account');
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
  await expect(page.getByText('Cette session')).toBeVisible();
});

test('un administrateur nomme une modératrice, et le journal le garde', async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, 'sasha');
  const name = `Sasha ${email.split('.')[2].slice(-6)}`;
  await signUp(page, testInfo, name, email, PASSWORD);
  await signOut(page);

  await signIn(page, testInfo, process.env.E2E_ADMIN_EMAIL ?? '', process.env.E2E_ADMIN_PASSWORD ?? '');
  await open(page, testInfo, '/admin');
  await page.getByLabel('Chercher un nom ou une adresse').fill(email);
  await page.getByRole('button', { name: 'Chercher', exact: true }).click();
  const people = page.getByRole('region', { name: 'Comptes et rôles' });
  const row = people.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('membre');
  await row.getByRole('button', { name: `Nommer ${name} modérateur·rice` }).click();
  await expect(page.getByRole('status')).toContainText('Le rôle a été enregistré.');
  await expect(people.getByRole('row').filter({ hasText: email })).toContainText('modérateur·rice');
  await expect(page.getByText(`a nommé ${name} modérateur·rice`)).toBeVisible();

  // The new moderator sees it on their account page.
  await signOut(page);
  await signIn(page, testInfo, email, PASSWORD);
  await open(page, testInfo, '/account');
  await expect(page.locator('.lead')).toContainText('modérateur·rice');
});
