import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { homeserverRefusal } from '#lib/features/chat/server/chat.js';

/** Application Service API: the homeserver checks that Parvis is reachable with the right token. */
export const POST: RequestHandler = async ({ request }) => homeserverRefusal(request.headers.get('authorization')) ?? json({});
