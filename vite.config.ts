import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { SERVER_TO_SERVER_ORIGIN } from './server-to-server.js';

/**
 * In `vite dev`, WebSocket upgrades on Vite's own HTTP server are handed to the same runtime
 * hook that `server.js` uses in production. Vite's HMR socket is left alone.
 */
function parvisUpgrades(): Plugin {
	return {
		name: 'parvis-upgrades',
		configureServer(server) {
			server.httpServer?.on('upgrade', (request, socket, head) => {
				if (request.headers['sec-websocket-protocol'] === 'vite-hmr') return;
				const runtime = (globalThis as Record<symbol, any>)[Symbol.for('parvis.runtime')];
				if (runtime?.upgrade) runtime.upgrade(request, socket, head);
			});
		}
	};
}

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ precompress: false }),
			// Only server.js sets this origin, on cookie-less server-to-server posts (server-to-server.js).
			csrf: { trustedOrigins: [SERVER_TO_SERVER_ORIGIN] },
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:', 'blob:', 'https:'],
					'connect-src': ['self', 'ws:', 'wss:'],
					'font-src': ['self'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		}),
		parvisUpgrades()
	]
});
