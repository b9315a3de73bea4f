import type { PageServerLoad } from './$types';
import { proposalOr404, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { diffText, listVersions } from '#lib/features/proposals/server/versions.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The history of a proposal and a word-level diff between two versions (?from=&to=, default the last two). */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await spaceOr404(db, event.params.slug, event.locals.actor);
		const { proposal, space } = await proposalOr404(db, access, event.params.number, event.locals.actor);
		const versions = await listVersions(db, proposal.id);
		const pick = (name: string, fallback: number) => {
			const wanted = Number(event.url.searchParams.get(name));
			return versions.find((v) => v.version === wanted) ?? versions[Math.max(0, Math.min(versions.length - 1, fallback))];
		};
		const to = pick('to', versions.length - 1);
		const from = pick('from', versions.indexOf(to) - 1);
		return {
			space: { slug: space.slug, title: space.title },
			proposal: { number: proposal.number, title: proposal.title },
			versions: versions.map(({ version, reason, authorName, createdAt }) => ({ version, reason, authorName, createdAt })),
			from: from.version,
			to: to.version,
			titleDiff: diffText(from.title, to.title),
			bodyDiff: diffText(from.body, to.body)
		};
	});
