import type { RequestHandler } from './$types';
import { open311NotFound } from '#lib/features/streetreports/server/open311-http.js';

export const fallback: RequestHandler = async (event) => open311NotFound(event);
