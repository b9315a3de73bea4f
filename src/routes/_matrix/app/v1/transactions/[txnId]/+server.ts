import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { homeserverRefusal } from '#lib/features/chat/server/chat.js';

/** Application Service API: the homeserver pushes room events; Parvis acknowledges them. */
export const PUT: RequestHandler = async ({ request }) => homeserverRefusal(request.headers.get('authorization')) ?? json({});
