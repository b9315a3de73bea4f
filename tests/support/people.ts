/**
 * Signed-in HTTP clients for fixture people: a session is created in the database before the
 * server starts (the login form is rate-limited per address, and tests need many people).
 */
import { createSession } from '#lib/server/auth/sessions.js';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import type { Db } from '#lib/server/db/client.js';
import { HttpClient, type JsonResponse } from './http.js';

export interface SignedIn {
	id: string;
	sessionToken: string;
}

export async function openSessions<T extends { id: string }>(db: Db, people: T[]): Promise<(T & SignedIn)[]> {
	const result: (T & SignedIn)[] = [];
	for (const person of people) result.push({ ...person, sessionToken: (await createSession(db, person.id)).token });
	return result;
}

/** A browser-like client already holding the person's session cookie. */
export function clientOf(server: { readonly url: string }, person?: { sessionToken: string }): HttpClient {
	const client = new HttpClient(server);
	if (person) client.cookies.set(SESSION_COOKIE, { value: person.sessionToken, attributes: {} });
	return client;
}

/** A JSON API call with the session cookie and the same-origin header a browser sends. */
export function apiAs<T = any>(
	server: { readonly url: string },
	person: { sessionToken: string } | undefined,
	method: string,
	path: string,
	body?: unknown
): Promise<JsonResponse<T>> {
	return clientOf(server, person).api<T>(method, path, { body, headers: method === 'GET' ? {} : { origin: server.url } });
}
