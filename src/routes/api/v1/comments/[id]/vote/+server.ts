import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { commentVoteInput } from '#lib/features/comments/api.js';
import { voteComment } from '#lib/features/comments/server/comments.js';
import { endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PUT: RequestHandler = endpoint(async (event) => {
	const id = uuidParam(event.params.id, 'comments.unknown');
	const input = parse(commentVoteInput, await readJson(event), event);
	const { comment, myVote } = await voteComment(getRuntime().database.db, event.locals.actor, id, input.value);
	return json({ id, up_votes: comment.upVotes, down_votes: comment.downVotes, my_vote: myVote });
});
