import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { adminLog, users } from '../db/schema.js';
import { toPage, type Cursor } from '../api/pagination.js';

export interface AdminAction {
	/** The acting user, or null with a label for the command line or the system. */
	actorId: string | null;
	actorLabel?: string;
	action: string;
	targetType: string;
	targetId?: string | null;
	details?: Record<string, unknown>;
}

/** Records an administrative action; call it inside the transaction that makes the change. */
export async function recordAdminAction(tx: DbOrTx, entry: AdminAction) {
	await tx.insert(adminLog).values({
		actorId: entry.actorId,
		actorLabel: entry.actorLabel ?? 'user',
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId ?? null,
		details: entry.details ?? {}
	});
}

export async function listAdminLog(db: DbOrTx, options: { cursor?: Cursor; limit: number }) {
	const { cursor, limit } = options;
	const after = cursor
		? or(lt(adminLog.createdAt, new Date(cursor.at)), and(eq(adminLog.createdAt, new Date(cursor.at)), lt(adminLog.id, cursor.id)))
		: undefined;
	const rows = await db
		.select({
			id: adminLog.id,
			action: adminLog.action,
			targetType: adminLog.targetType,
			targetId: adminLog.targetId,
			details: adminLog.details,
			createdAt: adminLog.createdAt,
			actorId: adminLog.actorId,
			actorLabel: adminLog.actorLabel,
			actorName: users.displayName
		})
		.from(adminLog)
		.leftJoin(users, eq(users.id, adminLog.actorId))
		.where(after)
		.orderBy(desc(adminLog.createdAt), desc(adminLog.id))
		.limit(limit + 1);
	return toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
}
