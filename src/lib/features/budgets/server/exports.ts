import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ApiError } from '#lib/server/api/errors.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import type { Actor } from '#lib/server/auth/policy.js';
import { ballots, enterPaperVotes, listProjects, type BudgetAccess, type BudgetProject, type Results } from './budgets.js';

/** Results as CSV (RFC 4180, comma, UTF-8), by rank; online and paper votes in their own columns. */
export function resultsCsv(results: Results): string {
	const header = ['rank', 'project_number', 'project_id', 'title', 'cost_eur', 'online_votes', 'paper_votes', 'votes', 'selected'];
	return stringify([
		header,
		...results.projects.map((p) => [p.rank, p.number, p.id, p.title, p.cost, p.onlineVotes, p.paperVotes, p.votes, p.selected ? 'true' : 'false'])
	]);
}

const pabulibDate = (date: Date) =>
	`${String(date.getUTCDate()).padStart(2, '0')}.${String(date.getUTCMonth() + 1).padStart(2, '0')}.${date.getUTCFullYear()}`;
const section = (rows: (string | number)[][]) => stringify(rows, { delimiter: ';' });

/**
 * The Pabulib format (pabulib.org/format) researchers use: META, PROJECTS and VOTES sections,
 * semicolon-separated. Approval ballots, greedy rule, project ids are the project numbers, voter
 * ids are anonymous sequence numbers. Paper votes are counts per project, not ballots: they are in
 * PROJECTS (`votes` includes them, `paper_votes` on its own) and not in VOTES, as META's comment says.
 */
export async function* pabulibChunks(db: DbOrTx, results: Results): AsyncGenerator<string> {
	const { budget } = results;
	const meta: (string | number)[][] = [
		['key', 'value'],
		['description', budget.title],
		['country', 'France'],
		['unit', budget.organisationName],
		['instance', budget.closesAt.getUTCFullYear()],
		['num_projects', results.projects.length],
		['num_votes', results.voters],
		['budget', budget.totalAmount],
		['currency', 'EUR'],
		['vote_type', 'approval'],
		['rule', 'greedy'],
		['date_begin', pabulibDate(budget.opensAt)],
		['date_end', pabulibDate(budget.closedAt ?? budget.closesAt)],
		['language', 'french'],
		['max_sum_cost', budget.totalAmount]
	];
	if (budget.rule === 'minimum_share' && budget.minSharePercent != null) meta.push(['min_sum_cost', Math.ceil((budget.totalAmount * budget.minSharePercent) / 100)]);
	if (budget.rule === 'project_count' && budget.minProjects != null) meta.push(['min_length', budget.minProjects]);
	if (budget.rule === 'project_count' && budget.maxProjects != null) meta.push(['max_length', budget.maxProjects]);
	meta.push([
		'comment',
		results.paperVotes > 0
			? `${results.paperVotes} paper votes counted per project are included in PROJECTS votes (column paper_votes) but not in VOTES, which holds the ${results.voters} online ballots.`
			: 'Online ballots only.'
	]);
	yield 'META\n' + section(meta);
	const byNumber = [...results.projects].sort((a, b) => a.number - b.number);
	yield 'PROJECTS\n' +
		section([
			['project_id', 'cost', 'votes', 'name', 'selected', 'online_votes', 'paper_votes'],
			...byNumber.map((p) => [p.number, p.cost, p.votes, p.title, p.selected ? 1 : 0, p.onlineVotes, p.paperVotes])
		]);
	yield 'VOTES\n' + section([['voter_id', 'vote', 'voting_method']]);
	let voter = 0;
	let batch: (string | number)[][] = [];
	for await (const ballot of ballots(db, budget.id)) {
		batch.push([++voter, ballot.join(','), 'internet']);
		if (batch.length === 1000) {
			yield section(batch);
			batch = [];
		}
	}
	if (batch.length) yield section(batch);
}

/**
 * Counted paper votes from a CSV file: a header line with `project` (the project's number or id)
 * and `votes`, comma or semicolon separated. Every problem is reported with its line number.
 */
export function parsePaperVotesCsv(text: string, projects: BudgetProject[]): { project_id: string; votes: number }[] {
	let records: Record<string, string>[];
	try {
		records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), delimiter: [',', ';'], skip_empty_lines: true, trim: true, bom: true });
	} catch {
		throw new ApiError('validation_failed', 'error.validation', { file: 'budgets.error.csvUnreadable' });
	}
	if (!records.length || !('project' in records[0]) || !('votes' in records[0]))
		throw new ApiError('validation_failed', 'error.validation', { file: 'budgets.error.csvHeader' });
	const fields: Record<string, string> = {};
	const counts = new Map<string, number>();
	records.forEach((record, index) => {
		const line = `line ${index + 2}`;
		const reference = record.project ?? '';
		const project = projects.find((p) => p.id === reference.toLowerCase() || String(p.number) === reference);
		if (!project) fields[line] = 'budgets.error.unknownProject';
		else if (!/^\d{1,8}$/.test(record.votes ?? '')) fields[line] = 'validation.integer';
		else counts.set(project.id, Number(record.votes));
	});
	if (Object.keys(fields).length) throw new ApiError('validation_failed', 'error.validation', fields);
	return [...counts].map(([project_id, votes]) => ({ project_id, votes }));
}

/** Imports counted paper votes from a CSV file (all lines or none). */
export async function importPaperVotesCsv(db: Db, access: BudgetAccess, actor: Actor, text: string) {
	assertCan(actor, 'budget.enterPaperVotes', access.space.resource);
	const counts = parsePaperVotesCsv(text, await listProjects(db, access.budget.id));
	await enterPaperVotes(db, access, actor, counts);
	return counts;
}
