import { stringify } from 'csv-stringify/sync';
import { asc, eq, sql } from 'drizzle-orm';
import { escapeHtml } from '#lib/server/markdown.js';
import { ApiError } from '#lib/server/api/errors.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { ballotAllocations, ballots, organisations, users, votes } from '#lib/server/db/schema.js';
import type { ClosedTally, FundingRule, TieBreak } from '../schema.js';
import { hasVoted } from './ballots.js';
import { pledgesOf, type ItemPledges } from './pledges.js';
import { ballotCountOf, voteStatus, type Vote, type VoteAccess, type VoteItem } from './votes.js';

export interface Tally {
	points: number;
	voters: number;
}

export interface RankedItem {
	item: Pick<VoteItem, 'id' | 'title' | 'position' | 'costEstimate' | 'category' | 'url'>;
	points: number;
	voters: number;
	rank: number;
	funded: boolean;
}

/**
 * Orders items by points, ties broken by the vote's rule and then by item order (so ranks are
 * always distinct), and marks the funded ones: the first N, or, for a budget envelope, each item
 * in rank order whose cost estimate still fits (items without points or estimate are never funded).
 */
export function rankItems(
	items: RankedItem['item'][],
	tallies: Map<string, Tally>,
	rules: { fundingRule: FundingRule; fundedCount: number | null; budget: number | null; tieBreak: TieBreak }
): RankedItem[] {
	const tallied = items.map((item) => ({ item, ...(tallies.get(item.id) ?? { points: 0, voters: 0 }) }));
	const tie = (a: (typeof tallied)[number], b: (typeof tallied)[number]) => {
		if (rules.tieBreak === 'more_voters') return b.voters - a.voters;
		if (rules.tieBreak === 'lower_cost') return (a.item.costEstimate ?? Infinity) - (b.item.costEstimate ?? Infinity) || 0;
		return 0;
	};
	tallied.sort((a, b) => b.points - a.points || tie(a, b) || a.item.position - b.item.position);
	let left = rules.budget ?? 0;
	return tallied.map((entry, index) => {
		const rank = index + 1;
		let funded = false;
		if (entry.points > 0 && rules.fundingRule === 'top_n') funded = rank <= (rules.fundedCount ?? 0);
		if (entry.points > 0 && rules.fundingRule === 'budget' && entry.item.costEstimate != null && entry.item.costEstimate <= left) {
			funded = true;
			left -= entry.item.costEstimate;
		}
		return { ...entry, rank, funded };
	});
}

export async function tally(db: DbOrTx, voteId: string) {
	const rows = await db
		.select({ itemId: ballotAllocations.itemId, points: sql<number>`sum(${ballotAllocations.points})::int`, voters: sql<number>`count(*)::int` })
		.from(ballotAllocations)
		.innerJoin(ballots, eq(ballots.id, ballotAllocations.ballotId))
		.where(eq(ballots.voteId, voteId))
		.groupBy(ballotAllocations.itemId);
	return new Map(rows.map((row) => [row.itemId, { points: row.points, voters: row.voters }]));
}

const tallyMap = (cached: ClosedTally) => new Map(Object.entries(cached.items));

/**
 * The tally of a vote: live while it is open; once closed, computed once and kept in the vote row
 * (nothing changes any more). The first reader locks the vote row for update, which waits for
 * ballots still in flight (they hold it in share mode) and makes concurrent first readers wait for
 * the one writing; ballots arriving later see the stored tally and are refused as closed.
 */
export async function tallyOf(db: DbOrTx, vote: Pick<Vote, 'id' | 'closedTally' | 'opensAt' | 'closesAt' | 'closedAt'>, now = new Date()): Promise<{ items: Map<string, Tally>; ballots: number | null }> {
	if (vote.closedTally) return { items: tallyMap(vote.closedTally), ballots: vote.closedTally.ballots };
	if (voteStatus(vote, now) !== 'closed') return { items: await tally(db, vote.id), ballots: null };
	const cached = await db.transaction(async (tx) => {
		const [row] = await tx.select({ cached: votes.closedTally }).from(votes).where(eq(votes.id, vote.id)).for('update');
		if (row?.cached) return row.cached;
		const items = Object.fromEntries(await tally(tx, vote.id));
		const fresh: ClosedTally = { ballots: await ballotCountOf(tx, vote.id), items };
		await tx.update(votes).set({ closedTally: fresh }).where(eq(votes.id, vote.id));
		return fresh;
	});
	return { items: tallyMap(cached), ballots: cached.ballots };
}

/** Managers always see the results; others as the vote's visibility rule says. */
export async function mayReadResults(db: DbOrTx, access: VoteAccess, actor: Actor, now = new Date()) {
	if (can(actor, 'vote.manage', access.space.resource)) return true;
	const closed = voteStatus(access.vote, now) === 'closed';
	if (access.vote.resultsVisibility === 'live' || closed) return true;
	return access.vote.resultsVisibility === 'after_voting' && (await hasVoted(db, access, actor));
}

async function breakdownOf(db: DbOrTx, access: VoteAccess) {
	const rows = await db
		.select({ ballotId: ballots.id, organisation: organisations.name, person: users.displayName, itemId: ballotAllocations.itemId, points: ballotAllocations.points })
		.from(ballots)
		.leftJoin(organisations, eq(organisations.id, ballots.organisationId))
		.leftJoin(users, eq(users.id, ballots.userId))
		.leftJoin(ballotAllocations, eq(ballotAllocations.ballotId, ballots.id))
		.where(eq(ballots.voteId, access.vote.id))
		.orderBy(asc(organisations.name), asc(users.displayName), asc(ballots.id));
	const byBallot = new Map<string, { voter: string; allocations: { item_id: string; points: number }[] }>();
	for (const row of rows) {
		const entry = byBallot.get(row.ballotId) ?? { voter: row.organisation ?? row.person ?? '', allocations: [] };
		if (row.itemId && row.points) entry.allocations.push({ item_id: row.itemId, points: row.points });
		byBallot.set(row.ballotId, entry);
	}
	return [...byBallot.values()];
}

export type Results = Awaited<ReturnType<typeof computeResults>>;

export async function computeResults(db: DbOrTx, access: VoteAccess, now = new Date()) {
	const { vote } = access;
	const counted = await tallyOf(db, vote, now);
	const ranked = rankItems(access.items, counted.items, vote);
	const pledges: Map<string, ItemPledges> = await pledgesOf(db, access.items);
	return {
		vote_id: vote.id,
		title: vote.title,
		status: voteStatus(vote, now),
		ballots: counted.ballots ?? access.ballotCount,
		funding_rule: vote.fundingRule,
		budget: vote.budget,
		funded_count: vote.fundedCount,
		items: ranked.map((entry) => {
			const pledged = pledges.get(entry.item.id);
			return {
				item_id: entry.item.id,
				title: entry.item.title,
				cost_estimate: entry.item.costEstimate,
				points: entry.points,
				voters: entry.voters,
				rank: entry.rank,
				funded: entry.funded,
				pledged: pledged?.total ?? 0,
				pledge_funded: pledged?.funded ?? false,
				pledges: pledged?.pledges ?? []
			};
		}),
		breakdown: vote.secrecy === 'public_breakdown' ? await breakdownOf(db, access) : null
	};
}

/** The results the actor may read, or a 403 saying when they will be published. */
export async function readableResults(db: DbOrTx, access: VoteAccess, actor: Actor, now = new Date()) {
	if (!(await mayReadResults(db, access, actor, now)))
		throw new ApiError('forbidden', access.vote.resultsVisibility === 'after_voting' ? 'votes.error.resultsAfterVoting' : 'votes.error.resultsAfterClosing');
	return computeResults(db, access, now);
}

export function resultsCsv(results: Results) {
	const header = ['rank', 'item_id', 'title', 'cost_estimate', 'points', 'voters', 'funded', 'pledged', 'pledge_funded'];
	const rows = results.items.map((i) => [i.rank, i.item_id, i.title, i.cost_estimate ?? '', i.points, i.voters, i.funded, i.pledged, i.pledge_funded]);
	return stringify([header, ...rows], { cast: { boolean: (value) => (value ? 'true' : 'false') } });
}

const yesNo = (value: boolean) => (value ? 'oui' : 'non');
const euros = (value: number | null) => (value == null ? '—' : `${value.toLocaleString('fr-FR')} €`);
/** Markdown table cells: pipes and line breaks would break the table, markup would be rendered. */
const markdownCell = (text: string) => text.replace(/[\\`*_{}[\]<>#|!]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');

/** A block for the meeting minutes (French, like the minutes themselves). */
export function resultsMarkdown(results: Results) {
	const lines = [
		`### Résultats du vote « ${markdownCell(results.title)} »`,
		'',
		`${results.ballots} bulletin(s). ${results.status === 'closed' ? 'Vote clos.' : 'Résultats provisoires : le vote n’est pas clos.'}`,
		'',
		'| Rang | Demande | Points | Votants | Estimation | Financée |',
		'| ---: | --- | ---: | ---: | ---: | :---: |',
		...results.items.map((i) => `| ${i.rank} | ${markdownCell(i.title)} | ${i.points} | ${i.voters} | ${euros(i.cost_estimate)} | ${yesNo(i.funded)} |`)
	];
	return `${lines.join('\n')}\n`;
}

export function resultsHtml(results: Results) {
	const rows = results.items
		.map((i) => `<tr><td>${i.rank}</td><td>${escapeHtml(i.title)}</td><td>${i.points}</td><td>${i.voters}</td><td>${escapeHtml(euros(i.cost_estimate))}</td><td>${yesNo(i.funded)}</td></tr>`)
		.join('\n');
	return [
		`<section class="vote-results"><h3>Résultats du vote « ${escapeHtml(results.title)} »</h3>`,
		`<p>${results.ballots} bulletin(s). ${results.status === 'closed' ? 'Vote clos.' : 'Résultats provisoires : le vote n’est pas clos.'}</p>`,
		'<table><thead><tr><th scope="col">Rang</th><th scope="col">Demande</th><th scope="col">Points</th><th scope="col">Votants</th><th scope="col">Estimation</th><th scope="col">Financée</th></tr></thead>',
		`<tbody>\n${rows}\n</tbody></table></section>\n`
	].join('\n');
}
