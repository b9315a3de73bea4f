import { defineEnvVars } from '@sveltejs/kit/env';
import { configVariables } from './lib/server/config.js';

/** See `src/lib/server/config.ts` (shared with the CLI) and the README's configuration table. */
export const variables = defineEnvVars(configVariables);
