/**
 * A small browser stand-in over fetch: keeps cookies, sends form posts as a browser does
 * (urlencoded, same-origin `Origin` header, redirects not followed so tests see the 303 and its
 * cookies) and JSON API calls. SvelteKit refuses form posts without a matching Origin (403).
 */

export interface Page {
	status: number;
	headers: Headers;
	/** Redirect target as a path with its query (form actions answer 303), or null. */
	location: string | null;
	body: string;
	/** Field-level messages of a refused form: field name → message (from `Field.svelte`). */
	fieldErrors: Record<string, string>;
	/** The form's general message (`role="alert"`), if any. */
	alert: string | null;
	/** A confirmation (`role="status"`), if any. */
	notice: string | null;
}

export interface JsonResponse<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

/** What a browser accepts for a page. With fetch's default `*\/*`, Kit answers form actions in JSON. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

interface Cookie {
	value: string;
	attributes: Record<string, string | true>;
}

export class HttpClient {
	/** Cookies by name, with the attributes of the Set-Cookie that set them. */
	readonly cookies = new Map<string, Cookie>();

	/** `server.url` is read on each request: it changes when a server restarts. */
	constructor(
		private readonly server: { readonly url: string },
		private readonly defaults: { acceptLanguage?: string } = { acceptLanguage: 'fr-FR,fr;q=0.9' }
	) {}

	get origin() {
		return this.server.url;
	}

	/** Any request; cookies are sent and stored, redirects returned as they are. */
	async request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.defaults.acceptLanguage && !headers.has('accept-language')) headers.set('accept-language', this.defaults.acceptLanguage);
		const cookie = [...this.cookies].map(([name, { value }]) => `${name}=${value}`).join('; ');
		if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
		const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: 'manual' });
		this.store(response.headers.getSetCookie());
		return response;
	}

	async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
		return toPage(await this.request(path, { headers: { accept: BROWSER_ACCEPT, ...headers } }), this.origin);
	}

	/**
	 * Submits a form like a browser: POST with the page's Origin, urlencoded, or multipart when given
	 * a FormData (a form with files). Redirects are not followed: `get(page.location)` does.
	 */
	async submit(path: string, fields: Record<string, string> | FormData, headers: Record<string, string> = {}): Promise<Page> {
		const multipart = fields instanceof FormData;
		const response = await this.request(path, {
			method: 'POST',
			headers: { accept: BROWSER_ACCEPT, origin: this.origin, ...(multipart ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...headers },
			body: multipart ? fields : new URLSearchParams(fields).toString()
		});
		return toPage(response, this.origin);
	}

	/** A JSON API call; a `token` is sent as `Authorization: Bearer`. */
	async api<T = any>(
		method: string,
		path: string,
		options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {}
	): Promise<JsonResponse<T>> {
		const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
		if (options.token) headers.authorization = `Bearer ${options.token}`;
		let body: string | undefined = options.rawBody;
		if (options.body !== undefined) body = JSON.stringify(options.body);
		if (body !== undefined) headers['content-type'] ??= 'application/json';
		const response = await this.request(path, { method, headers, body });
		const text = await response.text();
		let parsed: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
		return { status: response.status, headers: response.headers, body: parsed as T };
	}

	/** Signs in through the login form; throws unless the server answers with its 303. */
	async logIn(email: string, password: string): Promise<void> {
		const page = await this.submit('/login', { email, password });
		if (page.status !== 303) throw new Error(`Login of ${email} failed: HTTP ${page.status} ${page.alert ?? ''}`);
	}

	private store(setCookies: string[]) {
		for (const header of setCookies) {
			const [pair, ...rest] = header.split(';');
			const index = pair.indexOf('=');
			const name = pair.slice(0, index).trim();
			const value = pair.slice(index + 1).trim();
			const attributes: Record<string, string | true> = {};
			for (const attribute of rest) {
				const [key, ...val] = attribute.trim().split('=');
				attributes[key.toLowerCase()] = val.length ? val.join('=') : true;
			}
			const expires = attributes.expires ? Date.parse(String(attributes.expires)) : NaN;
			const deleted = attributes['max-age'] === '0' || value === '' || expires <= Date.now();
			if (deleted) this.cookies.delete(name);
			else this.cookies.set(name, { value, attributes });
		}
	}
}

async function toPage(response: Response, origin: string): Promise<Page> {
	const body = await response.text();
	const location = response.headers.get('location');
	const target = location ? new URL(location, origin) : null;
	return {
		status: response.status,
		headers: response.headers,
		location: target ? target.pathname + target.search : null,
		body,
		fieldErrors: fieldErrors(body),
		alert: roleText(body, 'alert'),
		notice: roleText(body, 'status')
	};
}

const decode = (html: string) =>
	html
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();

/** Svelte's hydration markers (`<!--[-->`) would split texts: drop every comment first. */
const withoutComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');

function fieldErrors(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const match of withoutComments(html).matchAll(/id="field-([\w.-]+)-error"[^>]*>([^<]*)</g)) fields[match[1]] = decode(match[2]);
	return fields;
}

/** The text of the first element with this ARIA role (FormMessage: alert or status). */
function roleText(html: string, role: 'alert' | 'status'): string | null {
	const match = new RegExp(`role="${role}"[^>]*>([^<]*)<`).exec(withoutComments(html));
	return match ? decode(match[1]) : null;
}
