import { and, asc, eq, gt, isNull, max, notInArray } from 'drizzle-orm';
import { proposals } from '#lib/features/proposals/schema.js';
import { spaces } from '#lib/features/spaces/schema.js';
import type { OpenDataset } from '#lib/features/opendata/contract.js';
import { iso, keysetRows } from '#lib/features/opendata/server/keyset.js';
import { comments } from '../schema.js';

/**
 * Comments on public proposals, without their authors: only comments neither deleted nor hidden,
 * on proposals that are themselves public (public space, not hidden, neither draft nor withdrawn).
 */
const isPublic = () =>
	and(
		eq(comments.targetType, 'proposal'),
		isNull(comments.deletedAt),
		isNull(comments.hiddenAt),
		eq(spaces.visibility, 'public'),
		isNull(proposals.hiddenAt),
		notInArray(proposals.state, ['draft', 'withdrawn'])
	)!;

export const commentsDataset: OpenDataset = {
	slug: 'commentaires',
	title: { fr: 'Commentaires des propositions', en: 'Comments on proposals' },
	description: {
		fr: 'Les commentaires publics des propositions citoyennes, avec leur position (pour, contre, neutre) et leurs votes. Sans données personnelles : ni auteur ni compte.',
		en: 'Public comments on citizen proposals, with their stance (for, against, neutral) and votes. No personal data: no author, no account.'
	},
	updateFrequency: 'continuous',
	geo: false,
	keywords: ['participation citoyenne', 'commentaires', 'débat'],
	columns: [
		{ name: 'id', type: 'string', description: { fr: 'Identifiant stable (UUID).', en: 'Stable identifier (UUID).' } },
		{ name: 'proposal_id', type: 'string', description: { fr: 'Proposition commentée (colonne id du jeu « propositions »).', en: 'Proposal commented on (id column of the “propositions” dataset).' } },
		{ name: 'parent_id', type: 'string', description: { fr: 'Commentaire auquel celui-ci répond (vide : premier niveau).', en: 'Comment this one replies to (empty: top level).' } },
		{ name: 'depth', type: 'integer', description: { fr: 'Profondeur dans le fil (0 = premier niveau).', en: 'Depth in the thread (0 = top level).' } },
		{ name: 'space', type: 'string', description: { fr: 'Identifiant (slug) de l’espace.', en: 'Slug of the space.' } },
		{ name: 'body', type: 'string', description: { fr: 'Texte (Markdown).', en: 'Text (Markdown).' } },
		{ name: 'stance', type: 'string', description: { fr: 'Position : for (pour), against (contre), neutral (neutre).', en: 'Stance: for, against, neutral.' } },
		{ name: 'up_votes', type: 'integer', description: { fr: 'Votes favorables.', en: 'Up votes.' } },
		{ name: 'down_votes', type: 'integer', description: { fr: 'Votes défavorables.', en: 'Down votes.' } },
		{ name: 'created_at', type: 'datetime', description: { fr: 'Date de publication (ISO 8601, UTC).', en: 'Publication date (ISO 8601, UTC).' } },
		{ name: 'edited_at', type: 'datetime', description: { fr: 'Dernière modification (vide : jamais).', en: 'Last edit (empty: never).' } }
	],
	rows(db) {
		return (async function* () {
			const pages = keysetRows(
				(after: string | null, size) =>
					db
						.select({
							id: comments.id,
							proposalId: comments.targetId,
							parentId: comments.parentId,
							depth: comments.depth,
							space: spaces.slug,
							body: comments.body,
							stance: comments.stance,
							upVotes: comments.upVotes,
							downVotes: comments.downVotes,
							createdAt: comments.createdAt,
							editedAt: comments.editedAt
						})
						.from(comments)
						.innerJoin(proposals, eq(proposals.id, comments.targetId))
						.innerJoin(spaces, eq(spaces.id, proposals.spaceId))
						.where(and(isPublic(), after ? gt(comments.id, after) : undefined))
						.orderBy(asc(comments.id))
						.limit(size),
				(row) => row.id
			);
			for await (const row of pages)
				yield {
					id: row.id,
					proposal_id: row.proposalId,
					parent_id: row.parentId,
					depth: row.depth,
					space: row.space,
					body: row.body,
					stance: row.stance,
					up_votes: row.upVotes,
					down_votes: row.downVotes,
					created_at: iso(row.createdAt),
					edited_at: iso(row.editedAt)
				};
		})();
	},
	async lastModified(db) {
		const [row] = await db
			.select({ at: max(comments.createdAt) })
			.from(comments)
			.innerJoin(proposals, eq(proposals.id, comments.targetId))
			.innerJoin(spaces, eq(spaces.id, proposals.spaceId))
			.where(isPublic());
		return row?.at ? new Date(row.at) : null;
	}
};

export const commentsDatasets: OpenDataset[] = [commentsDataset];
