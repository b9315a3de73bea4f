/** The one schema: every feature's tables, re-exported for drizzle-kit and the db client. */
export * from '../../features/accounts/schema.js';
export * from '../../features/organisations/schema.js';
export * from '../audit/schema.js';
export * from '../outbox/schema.js';
export * from '../mail/schema.js';
export * from '../../features/spaces/schema.js';
export * from '../../features/proposals/schema.js';
export * from '../../features/comments/schema.js';
export * from '../../features/moderation/schema.js';
export * from '../../features/notifications/schema.js';
export * from '../../features/documents/schema.js';
export * from '../../features/chat/schema.js';
export * from '../../features/meetings/schema.js';
export * from '../webhooks/schema.js';
export * from '../../features/publications/schema.js';
