import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { DEMO_SPACE, MergePage, ProposalPage, SpaceSettingsPage } from '../pages/proposal-pages.js';

test.describe('Proposals: administration', () => {
	test('an administrator answers a proposal (held back, then published) and merges two others', async ({ login, page, request, playwright, baseURL }) => {
		test.slow();
		// Two fresh proposals to work on, published through the API by the demo citizen.
		const citizen = await playwright.request.newContext({ baseURL });
		const signedIn = await citizen.post('/login', { form: { email: demoAccounts.citoyen, password: DEMO_PASSWORD }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
		expect(signedIn.status()).toBe(303);
		const stamp = Date.now().toString(36);
		const created: { id: string; number: number; title: string }[] = [];
		for (const title of [`Des fontaines à eau au port ${stamp}`, `Une fontaine sur le quai ${stamp}`]) {
			const response = await citizen.post(`/api/v1/spaces/${DEMO_SPACE}/proposals`, {
				data: { title, body: 'Boire de l’eau fraîche en se promenant sur le port.', publish: true },
				headers: { origin: baseURL! }
			});
			expect(response.status()).toBe(201);
			created.push(await response.json());
		}
		await citizen.dispose();

		await login.goto(`?redirectTo=${encodeURIComponent(`/spaces/${DEMO_SPACE}/proposals/${created[0].number}`)}`);
		await login.logIn(demoAccounts.orgadmin, DEMO_PASSWORD);
		const proposal = new ProposalPage(page);
		await proposal.ready('to answer');

		// Held back: saved, not shown to the public.
		await page.getByText('Répondre à la proposition').click();
		await page.getByLabel('État', { exact: true }).selectOption('accepted');
		await page.getByLabel('Texte de la réponse').fill('Retenue : deux fontaines seront installées au printemps.');
		await page.getByLabel('Coût estimé en euros (facultatif)').fill('12000');
		await proposal.clickAndLoad(page.getByRole('button', { name: 'Enregistrer sans publier' }));
		await proposal.ready('answer held');
		await expect(proposal.status).toContainText('Réponse enregistrée, non publiée.');
		const publicView = await request.get(`/api/v1/proposals/${created[0].id}`);
		expect((await publicView.json()).answer).toBeNull();

		await page.getByText('Répondre à la proposition').click();
		await proposal.clickAndLoad(page.getByRole('button', { name: 'Publier la réponse' }));
		await proposal.ready('answer published');
		await expect(proposal.main.getByRole('region', { name: 'Réponse de l’organisation' })).toContainText('deux fontaines seront installées');
		expect((await (await request.get(`/api/v1/proposals/${created[0].id}`)).json()).state).toBe('accepted');

		const settings = new SpaceSettingsPage(page);
		await settings.goto();

		const merge = new MergePage(page);
		await merge.goto(`?q=fontaine`);
		await merge.proposal(created[0].title).check();
		await merge.proposal(created[1].title).check();
		await merge.title.fill(`Des fontaines à eau sur le port ${stamp}`);
		await merge.body.fill('Les deux propositions réunies : des fontaines le long du port.');
		await merge.clickAndLoad(merge.submit);
		await proposal.ready('merged');
		await expect(proposal.heading).toHaveText(`Des fontaines à eau sur le port ${stamp}`);
		await expect(proposal.main).toContainText('Proposition officielle');
		for (const original of created) {
			const after = await (await request.get(`/api/v1/proposals/${original.id}`)).json();
			expect(after.state).toBe('merged');
		}
	});
});
