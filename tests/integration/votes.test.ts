/**
 * Point votes and co-funding pledges on both engines, through the HTTP API: allocation rules,
 * eligibility of club members in good standing, the rule lock after the first ballot (with the
 * closing date move in the admin log), exact ballots under 200 concurrent edits by four delegates
 * of one organisation while 50 other organisations vote, results with funding and tie-break rules,
 * the tally of a closed vote counted once and kept,
 * the CSV/JSON/Markdown/HTML exports, and pledges reaching an estimate.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ballotAllocations, ballotChanges, ballots, clubMembers, memberships, organisations, proposals, spaces, votes } from '#lib/server/db/schema.js';
import { defaultSpaceRules } from '#lib/features/spaces/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type P = Person & SignedIn;
const OTHER_ORGANISATIONS = 50;
let server: TestServer;
let world: Community;
let clubSpace: string;
/** Feature requests of the club space. */
let requests: { id: string; title: string }[];
/** Organisation ids: A, B, D in good standing; C behind on its fee. */
const orgs: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
let clubAdmin: P;
let delegateA1: P;
let delegateA2: P;
let delegateA3: P;
let delegateA4: P;
/** The only delegate of each of 50 more organisations in good standing. */
let otherDelegates: P[];
let delegateB: P;
let delegateC: P;
let delegateD: P;
let citizen: P;
let platformAdmin: P;

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 7 + 2 + OTHER_ORGANISATIONS });
			const unique = Math.random().toString(36).slice(2, 8);
			const [club] = await db.insert(organisations).values({ slug: `club-${unique}`, name: `Club ${unique}`, kind: 'club' }).returning({ id: organisations.id });
			for (const key of Object.keys(orgs) as (keyof typeof orgs)[]) {
				const [row] = await db.insert(organisations).values({ slug: `membre-${key.toLowerCase()}-${unique}`, name: `Commune ${key}`, kind: 'town' }).returning({ id: organisations.id });
				orgs[key] = row.id;
				await db.insert(clubMembers).values({ clubId: club.id, memberId: row.id, inGoodStanding: key !== 'C' });
			}
			const [space] = await db
				.insert(spaces)
				.values({ organisationId: club.id, slug: `evolutions-${unique}`, kind: 'process', title: 'Évolutions 2027', visibility: 'public', rules: defaultSpaceRules })
				.returning({ id: spaces.id, slug: spaces.slug });
			clubSpace = space.slug;
			requests = await db
				.insert(proposals)
				.values(['Export PDF des délibérations', 'Connexion FranceConnect', 'Mode hors ligne'].map((title, i) => ({ spaceId: space.id, number: i + 1, title, body: title, state: 'published' as const, publishedAt: new Date() })))
				.returning({ id: proposals.id, title: proposals.title });
			const [c0, c1, c2, c3, c4, c5, c6, c7, c8, ...rest] = world.people.citizens;
			const others = await db
				.insert(organisations)
				.values(rest.map((_, i) => ({ slug: `autre-${i}-${unique}`, name: `Commune ${i + 1} bis`, kind: 'town' as const })))
				.returning({ id: organisations.id });
			await db.insert(clubMembers).values(others.map((org) => ({ clubId: club.id, memberId: org.id, inGoodStanding: true })));
			await db.insert(memberships).values(rest.map((person, i) => ({ organisationId: others[i].id, userId: person.id, role: 'agent' as const })));
			otherDelegates = await openSessions(db, rest);
			await db.insert(memberships).values([
				{ organisationId: club.id, userId: c0.id, role: 'admin' },
				{ organisationId: orgs.A, userId: c1.id, role: 'agent' },
				{ organisationId: orgs.A, userId: c2.id, role: 'elected' },
				{ organisationId: orgs.A, userId: c7.id, role: 'admin' },
				{ organisationId: orgs.A, userId: c8.id, role: 'agent' },
				{ organisationId: orgs.B, userId: c3.id, role: 'agent' },
				{ organisationId: orgs.C, userId: c4.id, role: 'agent' },
				{ organisationId: orgs.D, userId: c5.id, role: 'admin' },
				{ organisationId: orgs.A, userId: c6.id, role: 'member' }
			]);
			[clubAdmin, delegateA1, delegateA2, delegateB, delegateC, delegateD, citizen, platformAdmin, delegateA3, delegateA4] = await openSessions(db, [c0, c1, c2, c3, c4, c5, c6, world.people.platformAdmin, c7, c8]);
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

interface VoteJson {
	id: string;
	items: { id: string; title: string; cost_estimate: number | null }[];
	rules_locked: boolean;
	status: string;
}

async function createVote(fields: Record<string, unknown> = {}): Promise<VoteJson> {
	const created = await api(clubAdmin, 'POST', `/api/v1/spaces/${clubSpace}/votes`, {
		title: 'Priorités 2027',
		opens_at: inMinutes(-5),
		closes_at: inMinutes(60 * 24 * 7),
		funded_count: 2,
		items: [
			{ proposal_id: requests[0].id, cost_estimate: 5000, url: 'https://tracker.example.org/issues/12' },
			{ proposal_id: requests[1].id, cost_estimate: 8000 },
			{ title: 'Tableau de bord des demandes', cost_estimate: 3000, category: 'Ergonomie' },
			{ title: 'Accessibilité du module de vote', cost_estimate: 4000 }
		],
		...fields
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return created.body;
}

const ballotOf = (vote: VoteJson, ...points: number[]) => ({ allocations: points.map((p, i) => ({ item_id: vote.items[i].id, points: p })) });
const cast = (person: P, vote: VoteJson, ...points: number[]) => api(person, 'PUT', `/api/v1/votes/${vote.id}/ballot`, ballotOf(vote, ...points));

describe('votes', () => {
	it('creates a vote with items from the space’s proposals and items made for it; refuses bad settings and non-organisers', async () => {
		const missing = await api(clubAdmin, 'POST', `/api/v1/spaces/${clubSpace}/votes`, { title: 'Sans règle', opens_at: inMinutes(10), closes_at: inMinutes(5) });
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.body.error.fields).sort()).toEqual(['closes_at', 'funded_count']);
		const foreign = await api(clubAdmin, 'POST', `/api/v1/spaces/${clubSpace}/votes`, {
			title: 'Proposition d’ailleurs', opens_at: inMinutes(0), closes_at: inMinutes(60), funded_count: 1, items: [{ proposal_id: world.proposal.id }]
		});
		expect(foreign.status).toBe(422);
		expect(foreign.body.error.fields).toEqual({ 'items.0.proposal_id': 'Cette proposition n’appartient pas à l’espace.' });
		const byDelegate = await api(delegateA1, 'POST', `/api/v1/spaces/${clubSpace}/votes`, { title: 'Vote pirate', opens_at: inMinutes(0), closes_at: inMinutes(60), funded_count: 1 });
		expect(byDelegate.status).toBe(403);

		const vote = await createVote();
		expect(vote).toMatchObject({ points_per_voter: 100, ballot_scope: 'organisation', must_use_all: false, status: 'open', rules_locked: false, ballots: 0 });
		expect(vote.items.map((i) => i.title)).toEqual([requests[0].title, requests[1].title, 'Tableau de bord des demandes', 'Accessibilité du module de vote']);
		const listed = await api(undefined, 'GET', `/api/v1/spaces/${clubSpace}/votes`);
		expect(listed.body.items.map((v: { id: string }) => v.id)).toContain(vote.id);
	});

	it('enforces the allocation rules with precise errors', async () => {
		const vote = await createVote();
		const over = await cast(delegateA1, vote, 60, 30, 30);
		expect(over.status).toBe(422);
		expect(over.body.error).toEqual({
			code: 'validation_failed',
			message: 'Vous avez attribué 120 points alors que vous n’en avez que 100 : retirez-en 20.',
			fields: { allocations: 'Plus de points que l’allocation.' }
		});
		const negative = await cast(delegateA1, vote, -5, 10);
		expect(negative.status).toBe(422);
		expect(negative.body.error.fields['allocations.0.points']).toBe('Saisissez un nombre entier de points, 0 ou plus.');
		const fraction = await cast(delegateA1, vote, 2.5);
		expect(fraction.status).toBe(422);
		const twice = await api(delegateA1, 'PUT', `/api/v1/votes/${vote.id}/ballot`, { allocations: [{ item_id: vote.items[0].id, points: 10 }, { item_id: vote.items[0].id, points: 10 }] });
		expect(twice.body.error.fields).toEqual({ 'allocations.1.item_id': 'Cette demande apparaît deux fois.' });
		const unknown = await api(delegateA1, 'PUT', `/api/v1/votes/${vote.id}/ballot`, { allocations: [{ item_id: requests[0].id, points: 10 }] });
		expect(unknown.body.error.fields).toEqual({ 'allocations.0.item_id': 'Cette demande ne fait pas partie du vote.' });

		const ok = await cast(delegateA1, vote, 50, 0, 30);
		expect(ok.status, JSON.stringify(ok.body)).toBe(200);
		expect(ok.body).toMatchObject({ organisation_id: orgs.A, total: 80, points_left: 20, allocations: [{ item_id: vote.items[0].id, points: 50 }, { item_id: vote.items[2].id, points: 30 }] });
		// The other delegate of the same organisation sees and edits the same ballot, with its history.
		const seen = await api(delegateA2, 'GET', `/api/v1/votes/${vote.id}/ballot`);
		expect(seen.body).toMatchObject({ total: 80, changes: [{ total: 80, by: delegateA1.name }] });
	});

	it('lets only delegates of organisations in good standing vote', async () => {
		const vote = await createVote();
		const behind = await cast(delegateC, vote, 10);
		expect(behind.status).toBe(403);
		expect(behind.body.error).toEqual({ code: 'forbidden', message: 'Vous ne pouvez pas voter : seuls les délégués des organisations membres à jour de cotisation votent.' });
		const claimed = await api(delegateC, 'PUT', `/api/v1/votes/${vote.id}/ballot`, { organisation_id: orgs.A, ...ballotOf(vote, 10) });
		expect(claimed.status).toBe(403);
		expect((await cast(citizen, vote, 10)).status).toBe(403);
		expect((await cast(platformAdmin, vote, 10)).status).toBe(403);
		expect((await api(undefined, 'PUT', `/api/v1/votes/${vote.id}/ballot`, ballotOf(vote, 10))).status).toBe(401);
		expect((await api(delegateC, 'GET', `/api/v1/votes/${vote.id}/ballot`)).status).toBe(403);
		expect((await cast(delegateB, vote, 10)).status).toBe(200);
	});

	it('requires every point when the vote says so, and refuses ballots before opening and after closing', async () => {
		const strict = await createVote({ must_use_all: true });
		const partial = await cast(delegateB, strict, 40, 20);
		expect(partial.status).toBe(422);
		expect(partial.body.error.message).toBe('Vous devez utiliser vos 100 points (vous en avez attribué 60).');
		expect((await cast(delegateB, strict, 40, 20, 40)).status).toBe(200);

		const upcoming = await createVote({ opens_at: inMinutes(60), closes_at: inMinutes(120) });
		const early = await cast(delegateB, upcoming, 10);
		expect(early.status).toBe(409);
		expect(early.body.error.message).toBe('Le vote n’est pas encore ouvert.');

		const closed = await api(clubAdmin, 'POST', `/api/v1/votes/${strict.id}/close`);
		expect(closed.status).toBe(200);
		expect(closed.body.status).toBe('closed');
		const late = await cast(delegateB, strict, 100);
		expect(late.status).toBe(409);
		expect(late.body.error).toEqual({ code: 'conflict', message: 'Le vote est clos : plus rien ne peut changer.' });
		expect((await api(clubAdmin, 'PATCH', `/api/v1/votes/${strict.id}`, { closes_at: inMinutes(600) })).status).toBe(409);
		expect((await api(clubAdmin, 'POST', `/api/v1/votes/${strict.id}/close`)).status).toBe(409);
		const ballot = await api(delegateB, 'GET', `/api/v1/votes/${strict.id}/ballot`);
		expect(ballot.body.allocations.map((a: { points: number }) => a.points)).toEqual([40, 20, 40]);
	});

	it('locks the rules at the first ballot: only the closing date moves, and the admin log records it', async () => {
		const vote = await createVote();
		const before = await api(clubAdmin, 'PATCH', `/api/v1/votes/${vote.id}`, { points_per_voter: 50, tie_break: 'lower_cost' });
		expect(before.status, JSON.stringify(before.body)).toBe(200);
		expect(before.body).toMatchObject({ points_per_voter: 50, tie_break: 'lower_cost' });
		expect((await api(clubAdmin, 'POST', `/api/v1/votes/${vote.id}/items`, { items: [{ title: 'Demande tardive' }] })).status).toBe(201);
		expect((await cast(delegateA1, vote, 51)).status).toBe(422);
		expect((await cast(delegateA1, vote, 50)).status).toBe(200);

		const locked = await api(clubAdmin, 'PATCH', `/api/v1/votes/${vote.id}`, { points_per_voter: 100 });
		expect(locked.status).toBe(409);
		expect(locked.body.error.message).toBe('Des bulletins existent déjà : seule la date de clôture peut encore changer.');
		expect((await api(clubAdmin, 'PATCH', `/api/v1/votes/${vote.id}`, { funding_rule: 'budget', budget: 10000 })).status).toBe(409);
		expect((await api(clubAdmin, 'POST', `/api/v1/votes/${vote.id}/items`, { items: [{ title: 'Encore une' }] })).status).toBe(409);
		const newClose = inMinutes(60 * 24 * 14);
		const moved = await api(clubAdmin, 'PATCH', `/api/v1/votes/${vote.id}`, { closes_at: newClose, points_per_voter: 50 });
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
		expect(moved.body).toMatchObject({ closes_at: newClose, rules_locked: true, ballots: 1, points_per_voter: 50 });
		expect((await api(delegateA1, 'PATCH', `/api/v1/votes/${vote.id}`, { closes_at: inMinutes(60) })).status).toBe(403);

		const log = await api(platformAdmin, 'GET', '/api/v1/admin-log?limit=50');
		const entry = log.body.items.find((e: { action: string; target: { id: string } }) => e.action === 'vote.closing_moved' && e.target.id === vote.id);
		expect(entry).toMatchObject({ actor: { id: clubAdmin.id }, target: { type: 'vote', id: vote.id }, details: { to: newClose } });
		expect(Date.parse(entry.details.from)).toBeLessThan(Date.parse(newClose));
	});

	it('keeps every ballot exact under 200 concurrent edits by four delegates of one organisation while 50 other organisations vote', async () => {
		const vote = await createVote({ results_visibility: 'live' });
		const delegatesA = [delegateA1, delegateA2, delegateA3, delegateA4];
		// Each edit is a whole ballot of at most 100 points, distinct from the others.
		const submitted = Array.from({ length: 200 }, (_, i) => {
			const a = i % 101;
			const b = Math.floor((100 - a) / (2 + Math.floor(i / 101)));
			const c = Math.floor((100 - a - b) / 2);
			return [a, b, c, 100 - a - b - c - (i % 2)].map((p) => Math.max(0, p));
		});
		expect(new Set(submitted.map((p) => p.join(','))).size).toBe(submitted.length);
		for (const points of submitted) expect(points.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(100);
		// Every other organisation edits its ballot twice at the same time: 100 more writes.
		const othersSubmitted = otherDelegates.map((_, i) => [
			[i, 100 - i, 0, 0],
			[0, 0, 100 - i, i]
		]);
		const responses = await Promise.all([
			...submitted.map((points, i) => cast(delegatesA[i % delegatesA.length], vote, ...points)),
			...otherDelegates.flatMap((person, i) => othersSubmitted[i].map((points) => cast(person, vote, ...points)))
		]);
		expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
		for (const r of responses) expect(r.body.total).toBeLessThanOrEqual(100);

		const pointsOf = (ballot: { allocations: { item_id: string; points: number }[] }) =>
			vote.items.map((item) => ballot.allocations.find((a) => a.item_id === item.id)?.points ?? 0);
		// Last write wins, never a mix: each final ballot is one of the allocations its organisation sent.
		const finalA = (await api(delegateA3, 'GET', `/api/v1/votes/${vote.id}/ballot`)).body;
		expect(submitted.map((p) => p.join(','))).toContain(pointsOf(finalA).join(','));
		const finals = [finalA];
		for (const [i, person] of otherDelegates.entries()) {
			const final = (await api(person, 'GET', `/api/v1/votes/${vote.id}/ballot`)).body;
			expect(othersSubmitted[i].map((p) => p.join(','))).toContain(pointsOf(final).join(','));
			finals.push(final);
		}
		for (const final of finals) {
			expect(final.total).toBe(pointsOf(final).reduce((a, b) => a + b, 0));
			expect(final.total).toBeLessThanOrEqual(100);
			// The latest recorded change is the ballot as it stands: no write was lost or half-applied.
			expect(pointsOf(final.changes[0])).toEqual(pointsOf(final));
		}

		// The tally is the sum of the ballots, one per organisation.
		const results = await api(citizen, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(results.status).toBe(200);
		expect(results.body.ballots).toBe(1 + OTHER_ORGANISATIONS);
		for (const [index, item] of vote.items.entries()) {
			const row = results.body.items.find((r: { item_id: string }) => r.item_id === item.id);
			expect(row.points).toBe(finals.reduce((sum, final) => sum + pointsOf(final)[index], 0));
			expect(row.voters).toBe(finals.filter((final) => pointsOf(final)[index] > 0).length);
		}

		// In the database: exactly one ballot per organisation, one history row per accepted write.
		await server.stop();
		const database = await server.openDatabase();
		try {
			const rows = await database.db
				.select({ organisationId: ballots.organisationId, changes: sql<number>`count(${ballotChanges.id})::int` })
				.from(ballots)
				.leftJoin(ballotChanges, eq(ballotChanges.ballotId, ballots.id))
				.where(eq(ballots.voteId, vote.id))
				.groupBy(ballots.id);
			expect(rows).toHaveLength(1 + OTHER_ORGANISATIONS);
			expect(new Set(rows.map((row) => row.organisationId)).size).toBe(rows.length);
			expect(rows.find((row) => row.organisationId === orgs.A)?.changes).toBe(submitted.length);
			expect(rows.filter((row) => row.organisationId !== orgs.A).map((row) => row.changes)).toEqual(rows.slice(1).map(() => 2));
			expect(rows.reduce((sum, row) => sum + row.changes, 0)).toBe(responses.length);
		} finally {
			await database.close();
			await server.restart();
		}
	}, 120_000);

	it('ranks items, breaks ties by the vote’s rule and marks the funded ones (top N and budget envelope)', async () => {
		// A: 40/40/20/0, B: 0/20/40/40, D: 30/10/10/50 → totals 70, 70, 70, 90; voters 2, 3, 3, 2.
		const play = async (vote: VoteJson) => {
			for (const [person, points] of [[delegateA1, [40, 40, 20, 0]], [delegateB, [0, 20, 40, 40]], [delegateD, [30, 10, 10, 50]]] as const)
				expect((await cast(person, vote, ...points)).status).toBe(200);
			await api(clubAdmin, 'POST', `/api/v1/votes/${vote.id}/close`);
			return (await api(citizen, 'GET', `/api/v1/votes/${vote.id}/results`)).body;
		};
		const byVoters = await play(await createVote({ tie_break: 'more_voters', funded_count: 2 }));
		expect(byVoters.items.map((r: any) => [r.title, r.points, r.voters, r.rank, r.funded])).toEqual([
			['Accessibilité du module de vote', 90, 2, 1, true],
			[requests[1].title, 70, 3, 2, true],
			['Tableau de bord des demandes', 70, 3, 3, false],
			[requests[0].title, 70, 2, 4, false]
		]);
		const byCost = await play(await createVote({ tie_break: 'lower_cost', funded_count: 3 }));
		expect(byCost.items.map((r: any) => [r.rank, r.cost_estimate, r.funded])).toEqual([
			[1, 4000, true],
			[2, 3000, true],
			[3, 5000, true],
			[4, 8000, false]
		]);
		// Budget 10,000, by rank (item order on ties): 4000 fits, 5000 fits, 8000 no longer fits, 3000 would not either (1000 left).
		const byBudget = await play(await createVote({ tie_break: 'item_order', funding_rule: 'budget', budget: 10_000, funded_count: null }));
		expect(byBudget.items.map((r: any) => [r.rank, r.cost_estimate, r.funded])).toEqual([
			[1, 4000, true],
			[2, 5000, true],
			[3, 8000, false],
			[4, 3000, false]
		]);
		expect(byBudget.breakdown).toBeNull();
	});

	it('counts a closed vote once: its results equal the live tally, are stored, and never change', async () => {
		const vote = await createVote({ results_visibility: 'live' });
		for (const [person, points] of [[delegateA1, [40, 40, 20, 0]], [delegateB, [0, 20, 40, 40]], [delegateD, [30, 10, 10, 50]]] as const)
			expect((await cast(person, vote, ...points)).status).toBe(200);
		const summary = (body: { ballots: number; items: { item_id: string; points: number; voters: number; rank: number; funded: boolean }[] }) => ({
			ballots: body.ballots,
			items: body.items.map((i) => [i.item_id, i.points, i.voters, i.rank, i.funded])
		});
		const live = await api(citizen, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(live.body.status).toBe('open');
		expect((await api(clubAdmin, 'POST', `/api/v1/votes/${vote.id}/close`)).status).toBe(200);
		// Concurrent first reads after closing: all the same, the tally written once.
		const firstReads = await Promise.all(Array.from({ length: 8 }, () => api(citizen, 'GET', `/api/v1/votes/${vote.id}/results`)));
		for (const read of firstReads) {
			expect(read.status).toBe(200);
			expect(read.body.status).toBe('closed');
			expect(summary(read.body)).toEqual(summary(live.body));
		}
		expect((await cast(delegateA1, vote, 100)).status).toBe(409);

		await server.stop();
		const database = await server.openDatabase();
		try {
			const [stored] = await database.db.select({ tally: votes.closedTally }).from(votes).where(eq(votes.id, vote.id));
			expect(stored.tally).toEqual({
				ballots: 3,
				items: Object.fromEntries(live.body.items.filter((i: { points: number }) => i.points > 0).map((i: { item_id: string; points: number; voters: number }) => [i.item_id, { points: i.points, voters: i.voters }]))
			});
			// Even a change under the application's feet no longer moves the published results.
			await database.db.delete(ballotAllocations).where(eq(ballotAllocations.itemId, vote.items[3].id));
		} finally {
			await database.close();
			await server.restart();
		}
		const later = await api(undefined, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(summary(later.body)).toEqual(summary(live.body));
		const csv = parseCsv(await (await clientOf(server).request(`/api/v1/votes/${vote.id}/results.csv`)).text(), { columns: true }) as Record<string, string>[];
		expect(csv.map((row) => Number(row.points))).toEqual(live.body.items.map((i: { points: number }) => i.points));
	}, 60_000);

	it('publishes results as the vote says, with the per-voter breakdown only when public', async () => {
		const afterClosing = await createVote({ results_visibility: 'after_closing', secrecy: 'public_breakdown' });
		expect((await cast(delegateA1, afterClosing, 60, 40)).status).toBe(200);
		const hidden = await api(citizen, 'GET', `/api/v1/votes/${afterClosing.id}/results`);
		expect(hidden.status).toBe(403);
		expect(hidden.body.error.message).toBe('Les résultats seront publiés à la clôture du vote.');
		expect((await api(delegateA1, 'GET', `/api/v1/votes/${afterClosing.id}/results`)).status).toBe(403);
		expect((await api(clubAdmin, 'GET', `/api/v1/votes/${afterClosing.id}/results`)).status).toBe(200);
		await api(clubAdmin, 'POST', `/api/v1/votes/${afterClosing.id}/close`);
		const published = await api(undefined, 'GET', `/api/v1/votes/${afterClosing.id}/results`);
		expect(published.status).toBe(200);
		expect(published.body.breakdown).toEqual([
			{ voter: 'Commune A', allocations: expect.arrayContaining([{ item_id: afterClosing.items[0].id, points: 60 }, { item_id: afterClosing.items[1].id, points: 40 }]) }
		]);

		const afterVoting = await createVote({ results_visibility: 'after_voting' });
		expect((await api(delegateB, 'GET', `/api/v1/votes/${afterVoting.id}/results`)).body.error.message).toBe('Les résultats sont visibles une fois votre bulletin déposé.');
		await cast(delegateB, afterVoting, 10);
		expect((await api(delegateB, 'GET', `/api/v1/votes/${afterVoting.id}/results`)).status).toBe(200);
		expect((await api(citizen, 'GET', `/api/v1/votes/${afterVoting.id}/results`)).status).toBe(403);
	});

	it('exports the results as CSV, JSON and a Markdown or HTML block for the minutes', async () => {
		const vote = await createVote({ results_visibility: 'live', items: [{ title: 'Filtre <script>alert(1)</script> | pipes' }, { title: 'Recherche plein texte', cost_estimate: 1200 }] });
		await cast(delegateA1, vote, 30, 70);
		await cast(delegateB, vote, 0, 100);
		const client = clientOf(server);
		const csv = await client.request(`/api/v1/votes/${vote.id}/results.csv`);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const rows = parseCsv(await csv.text(), { columns: true });
		expect(rows).toEqual([
			{ rank: '1', item_id: vote.items[1].id, title: 'Recherche plein texte', cost_estimate: '1200', points: '170', voters: '2', funded: 'true', pledged: '0', pledge_funded: 'false' },
			{ rank: '2', item_id: vote.items[0].id, title: 'Filtre <script>alert(1)</script> | pipes', cost_estimate: '', points: '30', voters: '1', funded: 'true', pledged: '0', pledge_funded: 'false' }
		]);
		const json = await api(undefined, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(json.body.items.map((i: { points: number }) => i.points)).toEqual([170, 30]);

		const markdown = await client.request(`/api/v1/votes/${vote.id}/minutes`);
		expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
		const md = await markdown.text();
		expect(md).toMatch(/\| 1 \| Recherche plein texte \| 170 \| 2 \| 1\s200 € \| oui \|/u);
		expect(md).toContain('| 2 | Filtre \\<script\\>alert(1)\\</script\\> \\| pipes | 30 | 1 | — | oui |');
		const html = await (await client.request(`/api/v1/votes/${vote.id}/minutes?format=html`)).text();
		expect(html).toContain('<td>Filtre &lt;script&gt;alert(1)&lt;/script&gt; | pipes</td>');
		expect(html).not.toContain('<script>');
		expect((await client.request(`/api/v1/votes/${vote.id}/minutes?format=pdf`)).status).toBe(422);
	});

	it('gives one ballot per person when the vote says so', async () => {
		const vote = await createVote({ ballot_scope: 'person', results_visibility: 'live' });
		expect((await cast(citizen, vote, 100)).status).toBe(200);
		expect((await cast(delegateC, vote, 0, 100)).status).toBe(200);
		const results = await api(citizen, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(results.body).toMatchObject({ ballots: 2 });
		expect(results.body.items.slice(0, 2).map((i: { points: number }) => i.points)).toEqual([100, 100]);
	});
});

describe('open data and calendars', () => {
	it('publishes the results of closed votes only, as totals, in the open-data dataset', async () => {
		const closed = await createVote({ secrecy: 'public_breakdown' });
		const open = await createVote();
		await cast(delegateA1, closed, 70, 30);
		await cast(delegateB, closed, 0, 100);
		await cast(delegateA1, open, 100);
		await api(clubAdmin, 'POST', `/api/v1/votes/${closed.id}/close`);
		const response = await clientOf(server).request('/opendata/resultats-votes.csv');
		expect(response.status).toBe(200);
		const rows = parseCsv(await response.text(), { columns: true }) as Record<string, string>[];
		expect(rows.some((row) => row.vote_id === open.id)).toBe(false);
		const mine = rows.filter((row) => row.vote_id === closed.id);
		expect(mine.map((row) => [row.item_title, row.points, row.voters, row.rank, row.funded, row.ballots])).toEqual([
			[requests[1].title, '130', '2', '1', 'true', '2'],
			[requests[0].title, '70', '1', '2', 'true', '2'],
			['Tableau de bord des demandes', '0', '0', '3', 'false', '2'],
			['Accessibilité du module de vote', '0', '0', '4', 'false', '2']
		]);
		expect(Object.keys(mine[0])).not.toContain('voter');
	});

	it('puts the opening and closing of the votes a person takes part in into their personal calendar feed', async () => {
		// Whole minutes: iCalendar times have no milliseconds.
		const closesAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 48 * 3_600_000).toISOString();
		const vote = await createVote({ title: 'Vote du calendrier', opens_at: inMinutes(60), closes_at: closesAt });
		const feedOf = async (person: P) => {
			const created = await api(person, 'POST', '/api/v1/me/calendar-feed');
			expect(created.status).toBe(201);
			const text = await (await clientOf(server).request(new URL(created.body.url).pathname)).text();
			return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
		};
		const events = (await feedOf(delegateD)).filter((event) => event.uid.startsWith(`vote-${vote.id}`));
		expect(events.map((event) => [event.uid, event.summary])).toEqual([
			[`vote-${vote.id}-opens@parvis`, 'Ouverture du vote : Vote du calendrier'],
			[`vote-${vote.id}-closes@parvis`, 'Clôture du vote : Vote du calendrier']
		]);
		expect(events[1].startDate.toJSDate().toISOString()).toBe(closesAt);
		// Delegates of an organisation behind on its fee, and plain members, are not voters.
		expect((await feedOf(delegateC)).filter((event) => event.uid.startsWith('vote-'))).toEqual([]);
		expect((await feedOf(citizen)).filter((event) => event.uid.startsWith('vote-'))).toEqual([]);
	});
});

describe('co-funding pledges', () => {
	it('adds up pledges of member organisations until the estimate is reached; then they can no longer be withdrawn', async () => {
		const vote = await createVote();
		const item = vote.items[0];
		const path = `/api/v1/votes/${vote.id}/items/${item.id}/pledge`;
		const first = await api(delegateA1, 'PUT', path, { organisation_id: orgs.A, amount: 3000 });
		expect(first.status, JSON.stringify(first.body)).toBe(200);
		expect(first.body).toMatchObject({ cost_estimate: 5000, pledged: 3000, funded: false });
		expect((await api(delegateA2, 'PUT', path, { organisation_id: orgs.A, amount: 2500 })).body).toMatchObject({ pledged: 2500 });
		expect((await api(delegateC, 'PUT', path, { organisation_id: orgs.C, amount: 9000 })).status).toBe(403);
		expect((await api(delegateB, 'PUT', path, { organisation_id: orgs.A, amount: 9000 })).status).toBe(403);
		expect((await api(citizen, 'PUT', path, { organisation_id: orgs.A, amount: 9000 })).status).toBe(403);
		expect((await api(delegateB, 'PUT', path, { organisation_id: orgs.B, amount: 0 })).status).toBe(422);

		expect((await api(delegateD, 'PUT', path, { organisation_id: orgs.D, amount: 1000 })).status).toBe(200);
		expect((await api(delegateD, 'DELETE', `${path}?organisation_id=${orgs.D}`)).status).toBe(204);
		expect((await api(delegateD, 'DELETE', `${path}?organisation_id=${orgs.D}`)).status).toBe(404);

		const funded = await api(delegateB, 'PUT', path, { organisation_id: orgs.B, amount: 2500 });
		expect(funded.body).toMatchObject({ pledged: 5000, funded: true, pledges: [{ organisation: 'Commune A', amount: 2500 }, { organisation: 'Commune B', amount: 2500 }] });
		const withdraw = await api(delegateA1, 'DELETE', `${path}?organisation_id=${orgs.A}`);
		expect(withdraw.status).toBe(409);
		expect(withdraw.body.error.message).toBe('Cette demande est déjà financée : les promesses ne peuvent plus changer.');

		const noEstimate = await createVote({ items: [{ title: 'Sans estimation' }] });
		expect((await api(delegateA1, 'PUT', `/api/v1/votes/${noEstimate.id}/items/${noEstimate.items[0].id}/pledge`, { organisation_id: orgs.A, amount: 10 })).status).toBe(409);

		const results = await api(clubAdmin, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(results.body.items.find((i: { item_id: string }) => i.item_id === item.id)).toMatchObject({ pledged: 5000, pledge_funded: true });
	});

	it('stays exact when organisations pledge at the same time', async () => {
		const vote = await createVote();
		const item = vote.items[1];
		const path = `/api/v1/votes/${vote.id}/items/${item.id}/pledge`;
		const results = await Promise.all(
			[[delegateA1, orgs.A], [delegateB, orgs.B], [delegateD, orgs.D], [delegateA2, orgs.A]].map(([person, org]) => api(person as P, 'PUT', path, { organisation_id: org, amount: 1000 }))
		);
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		const after = await api(clubAdmin, 'GET', `/api/v1/votes/${vote.id}/results`);
		expect(after.body.items.find((i: { item_id: string }) => i.item_id === item.id)).toMatchObject({ cost_estimate: 8000, pledged: 3000, pledge_funded: false });
	});
});
