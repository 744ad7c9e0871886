import { test, expect, open, signUp, signIn, signOut, uniqueEmail, withJs } from './helpers';
import type { Page } from '@playwright/test';

const PASSWORD = 'les cigales chantent à Marseille';

const FIRST = [
  'Les circuits courts relient producteurs et habitants du territoire.',
  'Ils créent des emplois locaux et durables.',
  'La restauration collective peut en être le moteur.',
].join('\n\n');

/** Selects `text` inside the draft's text, as a reader would with the mouse. */
async function select(page: Page, text: string) {
  await page.evaluate((wanted) => {
    const paragraph = [...document.querySelectorAll('.draft__text p')].find((p) =>
      (p.textContent ?? '').includes(wanted),
    );
    const node = paragraph?.firstChild;
    if (!paragraph || !node) throw new Error(`no paragraph with ${wanted}`);
    const start = (node.textContent ?? '').indexOf(wanted);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + wanted.length);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    paragraph.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, text);
}

test('une membre commente un passage et le reformule, le commentaire suit sa modification ; un abonné voit ce qui a changé depuis sa visite ; une réponse signalée est masquée ; un lecteur suggère, l’animation accepte et adopte ; l’export liste les contributeurs', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const js = withJs(testInfo);
  const number = js ? '11' : '10';
  const suffix = `${Date.now() % 100000}`;
  const people = ['Alice', 'Bruno'].map((name) => ({
    name: `${name} ${suffix}`,
    email: uniqueEmail(testInfo, `${name.toLowerCase()}-relecture`),
  }));
  for (const person of people) {
    await signUp(page, testInfo, person.name, person.email, PASSWORD);
    await open(page, testInfo, `/themes/${number}`);
    await page.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
    await expect(page.getByRole('status')).toContainText('Votre demande a été envoyée');
    await signOut(page);
  }
  const reader = { name: `Rémi ${suffix}`, email: uniqueEmail(testInfo, 'remi-relecture') };
  await signUp(page, testInfo, reader.name, reader.email, PASSWORD);
  await signOut(page);
  const admin = { email: process.env.E2E_ADMIN_EMAIL ?? '', password: process.env.E2E_ADMIN_PASSWORD ?? '' };
  await signIn(page, testInfo, admin.email, admin.password);
  for (const person of people) {
    await open(page, testInfo, `/themes/${number}/members`);
    await page.getByRole('button', { name: `Accepter la demande de ${person.name}` }).click();
    await expect(page.getByRole('status')).toContainText('La demande a été acceptée.');
  }
  await signOut(page);
  const [alice, bruno] = people;

  // Alice writes a draft and comments on one of its passages.
  await signIn(page, testInfo, alice.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}/drafts/new`);
  const title = `Relecture circuits courts ${suffix}`;
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Texte', { exact: true }).fill(FIRST);
  await page.getByRole('button', { name: 'Créer le texte' }).click();
  await expect(page).toHaveURL(/\/drafts\/\d+\?done=created$/);
  const draftPath = new URL(page.url()).pathname;
  await open(page, testInfo, draftPath);
  if (js) {
    // Selecting words in the text fills the passage of the comment form.
    await select(page, 'Ils créent des emplois locaux');
    await expect(page.locator('#field-comment-quote')).toHaveValue('Ils créent des emplois locaux');
  } else {
    await page.getByText('Commenter un passage').click();
    await page.locator('#field-comment-quote').fill('Ils créent des emplois locaux');
  }
  await page.locator('#field-comment-body').fill('Combien d’emplois, et où ?');
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(page.getByRole('status')).toContainText('Commentaire publié.');
  await expect(page.locator('mark.passage')).toHaveText('Ils créent des emplois locaux');
  await expect(page.locator('.comment')).toContainText('Combien d’emplois, et où ?');
  // She rewords it; the comment says it was edited.
  const own = page.locator('.comment .comment__body').first();
  await own.getByText('Modifier', { exact: true }).click();
  await own.getByLabel('Votre commentaire').fill('Combien d’emplois, et dans quelles communes ?');
  await own.getByRole('button', { name: 'Enregistrer la modification' }).click();
  await expect(page.getByRole('status')).toContainText('Commentaire modifié.');
  await expect(page.locator('.comment')).toContainText('Combien d’emplois, et dans quelles communes ?');
  await expect(page.locator('.comment .comment__edited')).toHaveText('modifié');
  // Her first wording is kept, with what the edit changed in it.
  const versions = page.locator('.comment .comment__versions');
  await expect(versions).toContainText('Versions précédentes (1)');
  await expect(versions.locator('.diff del').first()).toContainText('où');
  await expect(versions.locator('.diff ins').first()).toContainText('dans quelles communes');
  await signOut(page);

  // The reader follows the thème and reads the draft as it is now (revision 1).
  await signIn(page, testInfo, reader.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  await page.getByRole('button', { name: 'Suivre ce thème' }).click();
  await expect(page.getByRole('status')).toContainText('Vous suivez ce thème');
  // Opened once as a follower, the thème page is where the next visit starts from.
  await open(page, testInfo, `/themes/${number}`);
  await open(page, testInfo, draftPath);
  await expect(page.locator('.draft__text')).toContainText('Ils créent des emplois locaux');
  await signOut(page);
  const readerLeft = Date.now();

  // Bruno rewrites the passage; the comment follows it.
  await signIn(page, testInfo, bruno.email, PASSWORD);
  await open(page, testInfo, `${draftPath}/edit`);
  const editor = page.getByLabel('Texte', { exact: true });
  await editor.fill(FIRST.replace('créent des emplois locaux', 'créent beaucoup d’emplois locaux'));
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page).toHaveURL(/done=saved&to=2$/);
  await expect(page.locator('mark.passage')).toHaveText('Ils créent beaucoup d’emplois locaux');
  await expect(page.locator('.comment')).toContainText('Passage modifié depuis le commentaire');
  // and answers the comment.
  await page.locator('.comment__reply summary').click();
  await page.getByLabel('Votre réponse').fill('Une trentaine, surtout en maraîchage.');
  await page.getByRole('button', { name: 'Publier la réponse' }).click();
  await expect(page.locator('.comment__replies')).toContainText('Une trentaine, surtout en maraîchage.');
  // and opens a discussion about it.
  await open(page, testInfo, `/themes/${number}/discussions/new`);
  const thread = `Emplois des circuits courts ${suffix}`;
  await page.getByLabel('Titre').fill(thread);
  await page.getByLabel('Message', { exact: true }).fill('Qui a des chiffres récents ?');
  await page.getByRole('button', { name: 'Ouvrir la discussion' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(thread);
  await signOut(page);

  // The follower comes back (the test server ends a visit after a pause of 2 s): the thème page
  // and the draft show what changed since, as a redline.
  await page.waitForTimeout(Math.max(0, readerLeft + 2_500 - Date.now()));
  await signIn(page, testInfo, reader.email, PASSWORD);
  await open(page, testInfo, `/themes/${number}`);
  const since = page.locator('section.since');
  await expect(since.getByRole('heading', { name: /Depuis votre dernière visite/ })).toBeVisible();
  const entry = since.locator('li', { hasText: title });
  await expect(entry).toContainText(`Révisions 1 à 2, par ${bruno.name}`);
  await entry.getByText('Voir les modifications dans le texte').click();
  await expect(entry.locator('ins')).toContainText('beaucoup d’emplois');
  await expect(since.getByRole('link', { name: thread })).toBeVisible();
  await open(page, testInfo, draftPath);
  const draftSince = page.locator('section.since');
  await expect(draftSince).toContainText(`Révisions 1 à 2, par ${bruno.name}`);
  await draftSince.getByText('Voir les modifications dans le texte').click();
  await expect(draftSince.locator('ins')).toContainText('beaucoup d’emplois');
  await expect(draftSince.getByRole('link', { name: 'Comparer les révisions' })).toHaveAttribute(
    'href',
    `${draftPath}/diff?from=1&to=2`,
  );

  // The reader reports Bruno's answer to the moderators.
  const answer = page.locator('.comment__replies li', { hasText: 'Une trentaine' });
  await answer.getByText('Signaler', { exact: true }).click();
  await answer.getByLabel('Pourquoi ce commentaire pose-t-il problème ?').fill(`Chiffre inventé ${suffix}`);
  await answer.getByRole('button', { name: 'Signaler aux modérateurs' }).click();
  await expect(page.getByRole('status')).toContainText('les modérateurs vont examiner ce commentaire');

  // The reader, not a member, suggests a change.
  await expect(page.getByText('Commenter un passage')).toHaveCount(0);
  if (js) {
    await select(page, 'peut en être le moteur');
    await expect(page.locator('#field-suggest-quote')).toHaveValue('peut en être le moteur');
  } else {
    await page.getByText('Suggérer une modification').click();
    await page.locator('#field-suggest-quote').fill('peut en être le moteur');
  }
  await page.locator('#field-suggest-replacement').fill('en est déjà le moteur');
  await page.locator('#field-suggest-note').fill('C’est déjà le cas à Lyon.');
  await page.getByRole('button', { name: 'Envoyer la suggestion' }).click();
  await expect(page.getByRole('status')).toContainText('Suggestion envoyée');
  await expect(page.locator('.suggestion')).toContainText('En attente de décision');
  await signOut(page);

  // The admin, a moderator, hides the reported answer from the moderation page: others see that
  // it was hidden, not what it said.
  await signIn(page, testInfo, admin.email, admin.password);
  await open(page, testInfo, '/moderation');
  const report = page.locator('li.report', { hasText: `Chiffre inventé ${suffix}` });
  await expect(report).toContainText('Une trentaine, surtout en maraîchage.');
  await expect(report).toContainText(`Commentaire de ${bruno.name}`);
  await report.getByLabel('Note (facultative)').fill('Source manquante');
  await report.getByRole('button', { name: 'Masquer le message' }).click();
  await expect(page.getByRole('status')).toContainText('Le signalement est traité.');
  await open(page, testInfo, draftPath);
  await expect(page.locator('.comment__replies')).toContainText('Masqué par la modération');
  // (Alice, the group's first member, facilitates it: a visitor's view shows what others see.)
  const visitorView = await browser.newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: js });
  const visitor = await visitorView.newPage();
  await open(visitor, testInfo, draftPath);
  await expect(visitor.locator('.comment__replies')).toContainText('Commentaire masqué par la modération.');
  await expect(visitor.getByText('Une trentaine, surtout en maraîchage.')).toHaveCount(0);
  await expect(visitor.locator('.comment')).toContainText('Combien d’emplois, et dans quelles communes ?');
  await visitorView.close();

  // The facilitator (here the admin) accepts the suggestion, then moves the draft to review
  // and adopts it.
  await page.getByRole('button', { name: 'Accepter' }).click();
  await expect(page.getByRole('status')).toContainText('Suggestion acceptée : révision 3');
  await expect(page.locator('.draft__text')).toContainText('La restauration collective en est déjà le moteur.');
  await expect(page.locator('.contributors')).toContainText(reader.name);
  for (const [status, note] of [['En relecture', ''], ['Adopté', 'Adopté en réunion plénière']]) {
    // The panel may still be open after the previous change (with JavaScript, no reload).
    const panel = page.locator('details.status-panel__form');
    if (!(await panel.evaluate((details) => (details as HTMLDetailsElement).open))) {
      await panel.locator('summary').click();
    }
    await page.getByLabel(status).check();
    if (note) await page.getByLabel('Note (facultative, visible dans l’activité du thème)').fill(note);
    await page.getByRole('button', { name: 'Changer l’état', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('L’état du texte a changé.');
  }
  await expect(page.getByText('Ce texte est adopté')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Modifier' })).toHaveCount(0);
  await expect(page.locator('.status-panel')).toContainText('Adopté en réunion plénière');

  // The HTML export of the adopted revision lists who wrote it.
  const exported = await page.request.get(`${draftPath}/revisions/3/export.html`);
  expect(exported.status()).toBe(200);
  const html = await exported.text();
  expect(html).toContain(`<title>${title}</title>`);
  expect(html).toContain('Adopté');
  for (const name of [alice.name, bruno.name, reader.name]) {
    expect(html).toContain(`<li>${name} (`);
  }
});
