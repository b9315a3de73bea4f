import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { assertNoExecutableMarkup } from '../support/markup.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let people: { author: P; moderator: P; orgAdmin: P; member: P; citizens: P[] };

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 12 });
			const [author, moderator, orgAdmin, member, ...citizens] = await openSessions(db, [
				world.people.author,
				world.people.moderator,
				world.people.orgAdmin,
				world.people.member,
				...world.people.citizens
			]);
			people = { author, moderator, orgAdmin, member, citizens };
		}
	});
});
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const post = (person: P | undefined, targetId: string, body: string, extra: Record<string, unknown> = {}) =>
	api(person, 'POST', '/api/v1/comments', { targetType: 'proposal', targetId, body, ...extra });
const list = (person: P | undefined, targetId: string) => api(person, 'GET', `/api/v1/comments?target_type=proposal&target_id=${targetId}&limit=100`);
const discussionPath = (targetId: string) => `/comments?targetType=proposal&targetId=${targetId}`;

describe('writing comments', () => {
	it('lets anyone read a public discussion, and only signed-in people write in it', async () => {
		const anonymous = await post(undefined, world.proposal.id, 'Bonjour');
		expect(anonymous.status).toBe(401);
		const created = await post(people.citizens[0], world.proposal.id, 'Une **bonne** idée, voir https://exemple.fr', { stance: 'for' });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			stance: 'for',
			depth: 0,
			parent_id: null,
			state: 'visible',
			author: { id: people.citizens[0].id, name: people.citizens[0].name, blocked: false },
			up_votes: 0,
			down_votes: 0,
			edited_at: null
		});
		expect(created.body.body_html).toContain('<strong>bonne</strong>');
		expect(created.body.body_html).toContain('<a href="https://exemple.fr" rel="nofollow ugc noopener">');
		expect(created.body.url).toMatch(new RegExp(`${world.proposal.url}#comment-${created.body.id}$`));
		const listed = await list(undefined, world.proposal.id);
		expect(listed.status).toBe(200);
		expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
	});

	it('refuses an empty body, an unknown stance, a body over 10,000 characters and an unknown target', async () => {
		const empty = await post(people.citizens[0], world.proposal.id, '   ');
		expect(empty.status).toBe(422);
		expect(empty.body.error.fields.body).toBe('Ce champ est obligatoire.');
		const stance = await post(people.citizens[0], world.proposal.id, 'Texte', { stance: 'peut-être' });
		expect(stance.status).toBe(422);
		expect(stance.body.error.fields.stance).toBeDefined();
		const huge = await post(people.citizens[0], world.proposal.id, 'a'.repeat(100_000));
		expect(huge.status).toBe(422);
		expect(huge.body.error.fields.body).toBe('10000 caractères au plus.');
		const unknown = await post(people.citizens[0], '00000000-0000-4000-8000-000000000000', 'Texte');
		expect(unknown.status).toBe(404);
		const badType = await api(people.citizens[0], 'GET', `/api/v1/comments?target_type=meeting&target_id=${world.proposal.id}`);
		expect(badType.status).toBe(404);
	});

	it('keeps the proposal’s comment count: up on create, down on delete', async () => {
		const count = async () => (await api(undefined, 'GET', `/api/v1/proposals/${world.shallowProposal.id}`)).body.comments_count;
		const before = await count();
		const a = await post(people.citizens[1], world.shallowProposal.id, 'Premier');
		const b = await post(people.citizens[2], world.shallowProposal.id, 'Second');
		expect(await count()).toBe(before + 2);
		expect((await api(people.citizens[1], 'DELETE', `/api/v1/comments/${a.body.id}`)).status).toBe(204);
		expect(await count()).toBe(before + 1);
		// Deleting twice changes nothing.
		expect((await api(people.citizens[1], 'DELETE', `/api/v1/comments/${a.body.id}`)).status).toBe(204);
		expect(await count()).toBe(before + 1);
		expect(b.status).toBe(201);
	});

	it('refuses comments when the active phase does not allow them, and says why', async () => {
		const refused = await post(people.citizens[0], world.closedProposal.id, 'Trop tard ?');
		expect(refused.status).toBe(403);
		expect(refused.body.error.message).toBe('La phase en cours de cet espace n’accepte pas de commentaires.');
		// The discussion stays readable.
		expect((await list(undefined, world.closedProposal.id)).status).toBe(200);
		const page = await clientOf(server, people.citizens[0]).get(discussionPath(world.closedProposal.id));
		expect(page.body).toContain('La phase en cours de cet espace n’accepte pas de commentaires.');
		expect(page.body).not.toContain('action="/comments?/create"');
	});

	it('keeps private spaces to their members', async () => {
		expect((await list(undefined, world.privateProposal.id)).status).toBe(404);
		expect((await list(people.citizens[0], world.privateProposal.id)).status).toBe(404);
		expect((await post(people.citizens[0], world.privateProposal.id, 'Je passe')).status).toBe(404);
		const member = await post(people.member, world.privateProposal.id, 'Entre membres');
		expect(member.status).toBe(201);
		expect((await list(people.member, world.privateProposal.id)).body.items).toHaveLength(1);
		expect((await clientOf(server).get(discussionPath(world.privateProposal.id))).status).toBe(404);
	});
});

describe('threads', () => {
	it('answers to the space’s depth and refuses deeper replies with a clear French message', async () => {
		// Depth 2 in this space: a comment and its replies, no reply to a reply.
		const root = await post(people.citizens[0], world.shallowProposal.id, 'Racine');
		const reply = await post(people.citizens[1], world.shallowProposal.id, 'Réponse', { parentId: root.body.id });
		expect(reply.status).toBe(201);
		expect(reply.body).toMatchObject({ depth: 1, parent_id: root.body.id });
		const deeper = await post(people.citizens[2], world.shallowProposal.id, 'Réponse à la réponse', { parentId: reply.body.id });
		expect(deeper.status).toBe(422);
		expect(deeper.body.error.message).toBe('Les discussions de cet espace s’arrêtent à 2 niveaux de réponse : répondez plutôt au commentaire précédent.');

		// Default depth 3 elsewhere.
		const r0 = await post(people.citizens[0], world.proposal.id, 'Niveau 0');
		const r1 = await post(people.citizens[1], world.proposal.id, 'Niveau 1', { parentId: r0.body.id });
		const r2 = await post(people.citizens[2], world.proposal.id, 'Niveau 2', { parentId: r1.body.id });
		expect(r2.status).toBe(201);
		expect(r2.body.depth).toBe(2);
		const r3 = await post(people.citizens[3], world.proposal.id, 'Niveau 3', { parentId: r2.body.id });
		expect(r3.status).toBe(422);
		expect(r3.body.error.message).toContain('3 niveaux');

		// The same refusal through the form, without JavaScript.
		const form = await clientOf(server, people.citizens[3]).submit('/comments?/create', {
			targetType: 'proposal',
			targetId: world.proposal.id,
			parentId: r2.body.id,
			body: 'Niveau 3 par le formulaire',
			stance: 'neutral',
			redirectTo: discussionPath(world.proposal.id)
		});
		expect(form.status).toBe(422);
		expect(form.alert).toBe('Les discussions de cet espace s’arrêtent à 3 niveaux de réponse : répondez plutôt au commentaire précédent.');
	});

	it('refuses a parent from another discussion', async () => {
		const elsewhere = await post(people.citizens[0], world.shallowProposal.id, 'Ailleurs');
		const refused = await post(people.citizens[1], world.proposal.id, 'Réponse égarée', { parentId: elsewhere.body.id });
		expect(refused.status).toBe(422);
		expect(refused.body.error.fields.parentId).toBe('Le commentaire auquel vous répondez n’existe pas dans cette discussion.');
	});

	it('shows a deleted comment as « Commentaire supprimé » and keeps its replies', async () => {
		const root = await post(people.citizens[4], world.proposal.id, 'Je vais supprimer ceci');
		const reply = await post(people.citizens[5], world.proposal.id, 'Je réponds quand même', { parentId: root.body.id });
		expect((await api(people.citizens[5], 'DELETE', `/api/v1/comments/${root.body.id}`)).status).toBe(403);
		expect((await api(undefined, 'DELETE', `/api/v1/comments/${root.body.id}`)).status).toBe(401);
		expect((await api(people.citizens[4], 'DELETE', `/api/v1/comments/${root.body.id}`)).status).toBe(204);
		const items = (await list(undefined, world.proposal.id)).body.items as any[];
		expect(items.find((c) => c.id === root.body.id)).toMatchObject({ state: 'deleted', body: null, body_html: null, author: null });
		expect(items.find((c) => c.id === reply.body.id)).toMatchObject({ state: 'visible', parent_id: root.body.id });
		const page = await clientOf(server).get(discussionPath(world.proposal.id));
		expect(page.body).toContain('Commentaire supprimé');
		expect(page.body).not.toContain('Je vais supprimer ceci');
		expect(page.body).toContain('Je réponds quand même');
		// A deleted comment cannot be edited, voted on or answered.
		expect((await api(people.citizens[4], 'PATCH', `/api/v1/comments/${root.body.id}`, { body: 'Retour' })).status).toBe(409);
		expect((await post(people.citizens[6], world.proposal.id, 'Encore', { parentId: root.body.id })).status).toBe(409);
	});
});

describe('editing', () => {
	it('lets the author edit, marks the comment « modifié », and refuses everyone else', async () => {
		const created = await post(people.citizens[6], world.proposal.id, 'Première version');
		const other = await api(people.citizens[7], 'PATCH', `/api/v1/comments/${created.body.id}`, { body: 'Piratage' });
		expect(other.status).toBe(403);
		const moderator = await api(people.moderator, 'PATCH', `/api/v1/comments/${created.body.id}`, { body: 'Réécrit' });
		expect(moderator.status).toBe(403);
		const edited = await api(people.citizens[6], 'PATCH', `/api/v1/comments/${created.body.id}`, { body: 'Seconde version' });
		expect(edited.status).toBe(200);
		expect(edited.body.body).toBe('Seconde version');
		expect(edited.body.edited_at).not.toBeNull();
		const page = await clientOf(server).get(discussionPath(world.proposal.id));
		const article = articleOf(page.body, created.body.id);
		expect(article).toContain('Seconde version');
		expect(article).toContain('modifié');
	});

	it('edits through the form and comes back to the discussion', async () => {
		const created = await post(people.citizens[6], world.proposal.id, 'Avant le formulaire');
		const back = discussionPath(world.proposal.id);
		const page = await clientOf(server, people.citizens[6]).submit(`/comments/${created.body.id}?/edit`, { body: 'Après le formulaire', redirectTo: back });
		expect(page.status).toBe(303);
		expect(page.location).toBe(back);
		const items = (await list(undefined, world.proposal.id)).body.items as any[];
		expect(items.find((c) => c.id === created.body.id).body).toBe('Après le formulaire');
	});
});

describe('votes', () => {
	it('counts one vote per person; changing or withdrawing it adjusts the counts exactly', async () => {
		const created = await post(people.author, world.proposal.id, 'À voter');
		const id = created.body.id;
		const vote = (person: P | undefined, value: string) => api(person, 'PUT', `/api/v1/comments/${id}/vote`, { value });
		expect((await vote(undefined, 'up')).status).toBe(401);
		const own = await vote(people.author, 'up');
		expect(own.status).toBe(403);
		expect(own.body.error.message).toBe('Vous ne pouvez pas voter pour votre propre commentaire.');
		expect((await vote(people.citizens[0], 'up')).body).toMatchObject({ up_votes: 1, down_votes: 0, my_vote: 'up' });
		expect((await vote(people.citizens[0], 'up')).body).toMatchObject({ up_votes: 1, down_votes: 0 });
		expect((await vote(people.citizens[1], 'down')).body).toMatchObject({ up_votes: 1, down_votes: 1, my_vote: 'down' });
		expect((await vote(people.citizens[0], 'down')).body).toMatchObject({ up_votes: 0, down_votes: 2 });
		expect((await vote(people.citizens[1], 'none')).body).toMatchObject({ up_votes: 0, down_votes: 1, my_vote: null });
		expect((await vote(people.citizens[0], 'sideways')).status).toBe(422);
	});

	it('stays exact under parallel votes', async () => {
		const created = await post(people.author, world.proposal.id, 'Vote en parallèle');
		const id = created.body.id;
		const vote = (person: P, value: string) => api(person, 'PUT', `/api/v1/comments/${id}/vote`, { value });
		// Twelve people at once: eight up, four down.
		const results = await Promise.all(people.citizens.map((person, i) => vote(person, i < 8 ? 'up' : 'down')));
		expect(results.every((r) => r.status === 200)).toBe(true);
		// One person clicking many times at once, mixing up and down, ends with one vote.
		const clicks = await Promise.all(Array.from({ length: 10 }, (_, i) => vote(people.moderator, i % 2 ? 'down' : 'up')));
		expect(clicks.every((r) => r.status === 200)).toBe(true);
		const items = (await list(people.moderator, world.proposal.id)).body.items as any[];
		const comment = items.find((c) => c.id === id);
		const mine = comment.my_vote;
		expect(comment.up_votes).toBe(8 + (mine === 'up' ? 1 : 0));
		expect(comment.down_votes).toBe(4 + (mine === 'down' ? 1 : 0));
		// Everyone changes their mind at once.
		await Promise.all(people.citizens.map((person, i) => vote(person, i < 8 ? 'down' : 'none')));
		const after = ((await list(undefined, world.proposal.id)).body.items as any[]).find((c) => c.id === id);
		expect(after.up_votes).toBe(mine === 'up' ? 1 : 0);
		expect(after.down_votes).toBe(8 + (mine === 'down' ? 1 : 0));
	});

	it('shows vote buttons with aria-pressed and their counts', async () => {
		const created = await post(people.author, world.proposal.id, 'Boutons de vote');
		await api(people.citizens[2], 'PUT', `/api/v1/comments/${created.body.id}/vote`, { value: 'up' });
		const page = await clientOf(server, people.citizens[2]).get(discussionPath(world.proposal.id));
		const article = articleOf(page.body, created.body.id);
		const buttons = [...article.matchAll(/<button[^>]*aria-pressed="(true|false)"[^>]*>([\s\S]*?)<\/button>/g)].map(([, pressed, content]) => [
			pressed,
			content.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()
		]);
		expect(buttons).toEqual([
			['true', '▲ Approuver 1'],
			['false', '▼ Désapprouver 0']
		]);
	});
});

describe('mentions', () => {
	it('links @Name and @local-part to the person and notifies them in the same transaction', async () => {
		const target = people.citizens[8];
		const other = people.citizens[9];
		const localPart = other.email.split('@')[0];
		const created = await post(people.citizens[10], world.proposal.id, `Merci @${target.name} et @${localPart} ! Pas @personne-inconnue.`);
		expect(created.status).toBe(201);
		expect(created.body.body_html).toContain(`<a href="/users/${target.id}" class="mention"`);
		expect(created.body.body_html).toContain(`>@${target.name}</a>`);
		expect(created.body.body_html).toContain(`<a href="/users/${other.id}" class="mention"`);
		expect(created.body.body_html).toContain('@personne-inconnue');
		for (const person of [target, other]) {
			const notifications = await api(person, 'GET', '/api/v1/notifications');
			expect(notifications.status).toBe(200);
			const mention = (notifications.body.items as any[]).find((n) => n.kind === 'comment.mention');
			expect(mention).toBeDefined();
			expect(JSON.stringify(mention)).toContain(`#comment-${created.body.id}`);
		}
		// An edit notifies only the people newly mentioned.
		const third = people.citizens[11];
		await api(people.citizens[10], 'PATCH', `/api/v1/comments/${created.body.id}`, { body: `Merci @${target.name}, @${localPart} et @${third.name}` });
		const count = async (person: P) =>
			((await api(person, 'GET', '/api/v1/notifications')).body.items as any[]).filter((n) => n.kind === 'comment.mention').length;
		expect(await count(target)).toBe(1);
		expect(await count(third)).toBe(1);
		const card = await clientOf(server).get(`/users/${target.id}`);
		expect(card.status).toBe(200);
		expect(card.body).toContain(target.name);
		expect(card.body).not.toContain(target.email);
	});
});

describe('forms without JavaScript', () => {
	it('comment, vote, report and delete through the shared endpoints, coming back to the discussion', async () => {
		const back = discussionPath(world.proposal.id);
		const author = clientOf(server, people.citizens[5]);
		const created = await author.submit('/comments?/create', { targetType: 'proposal', targetId: world.proposal.id, body: 'Par le formulaire', stance: 'against', redirectTo: back });
		expect(created.status).toBe(303);
		const id = /#comment-([0-9a-f-]{36})$/.exec(created.headers.get('location') ?? '')?.[1];
		expect(id).toBeDefined();
		expect(created.location).toBe(back);
		const page = await author.get(back);
		expect(articleOf(page.body, id!)).toContain('Contre');

		const voter = clientOf(server, people.citizens[6]);
		expect((await voter.submit(`/comments/${id}?/vote`, { value: 'down', redirectTo: back })).status).toBe(303);
		expect(((await list(undefined, world.proposal.id)).body.items as any[]).find((c) => c.id === id)).toMatchObject({ up_votes: 0, down_votes: 1 });

		const reported = await voter.submit('/moderation/report', { targetType: 'comment', targetId: id!, reason: 'off_topic', details: '', redirectTo: back });
		expect(reported.status).toBe(200);
		expect(reported.body).toContain('Merci : votre signalement a été transmis aux modérateurs.');
		expect(reported.body).toContain(`href="${back.replace(/&/g, '&amp;')}"`);
		const twice = await voter.submit('/moderation/report', { targetType: 'comment', targetId: id!, reason: 'off_topic', redirectTo: back });
		expect(twice.status).toBe(409);
		expect(twice.alert).toBe('Vous avez déjà signalé ce contenu.');

		const anonymous = await clientOf(server).submit('/comments?/create', { targetType: 'proposal', targetId: world.proposal.id, body: 'Anonyme' });
		expect(anonymous.status).toBe(401);
		expect(anonymous.alert).toBe('Connectez-vous pour continuer.');

		expect((await author.submit(`/comments/${id}?/delete`, { redirectTo: back })).status).toBe(303);
		expect(((await list(undefined, world.proposal.id)).body.items as any[]).find((c) => c.id === id).state).toBe('deleted');
	});
});

describe('hostile input', () => {
	const hostile = [
		'<script>alert("xss-script")</script>',
		'<img src=x onerror=alert("xss-img")>',
		'[cliquez](javascript:alert("xss-link"))',
		'[cliquez](JAVASCRIPT:alert("xss-upper"))',
		'[cliquez](java&#x73;cript:alert("xss-entity"))',
		'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLWRhdGEnKTwvc2NyaXB0Pg==)',
		'![image](data:image/svg+xml,<svg onload=alert("xss-svg")>)',
		'<a href="javascript:alert(\'xss-a\')">lien</a>',
		'<iframe src="javascript:alert(\'xss-iframe\')"></iframe>',
		'**_<b onmouseover=alert("xss-nest")>[x](javascript:alert("xss-nest2")_**</b>',
		'[x](https://exemple.fr "titre\\" onmouseover=\\"alert(\'xss-title\')")',
		'<style>body{background:url("javascript:alert(\'xss-style\')")}</style>',
		'```html" onload="alert(\'xss-fence\')\n<script>alert("xss-code")</script>\n```',
		'</script><script>alert("xss-breakout")</script>',
		'<!--<script>alert("xss-comment")</script>-->',
		'[x](vbscript:msgbox("xss-vb"))',
		'<svg><script>alert("xss-svg2")</script></svg>',
		`${'[['.repeat(2000)}${'**'.repeat(2000)}${'> '.repeat(500)}texte`
	];

	it('never turns user text into executable markup, in the API or in the page', async () => {
		const ids: string[] = [];
		for (const body of hostile) {
			const created = await post(people.citizens[3], world.proposal.id, body);
			expect(created.status, body).toBe(201);
			ids.push(created.body.id);
			assertNoExecutableMarkup(created.body.body_html, `body_html of ${JSON.stringify(body.slice(0, 60))}`);
		}
		const reply = await post(people.citizens[4], world.proposal.id, '<script>alert("xss-reply")</script>', { parentId: ids[0] });
		expect(reply.status).toBe(201);
		const page = await clientOf(server, people.citizens[3]).get(discussionPath(world.proposal.id));
		expect(page.status).toBe(200);
		assertNoExecutableMarkup(page.body, 'discussion page (author view, with edit forms)');
		const publicPage = await clientOf(server).get(discussionPath(world.proposal.id));
		assertNoExecutableMarkup(publicPage.body, 'discussion page (public)');
		for (const id of ids) expect(publicPage.body).toContain(`id="comment-${id}"`);
		// The escaped text is still there for people to read.
		expect(articleOf(publicPage.body, ids[0])).toContain('&lt;script&gt;alert(&quot;xss-script&quot;)&lt;/script&gt;');
	});
});

/** The HTML of one comment's article, up to the next comment. */
function articleOf(html: string, id: string): string {
	const start = html.indexOf(`id="comment-${id}"`);
	expect(start, `comment ${id} in the page`).toBeGreaterThan(-1);
	const next = html.indexOf('<article', start + 1);
	return html.slice(start, next === -1 ? undefined : next);
}
