import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/**
 * "Saved" as the server means it: the collaboration server broadcasts an update only once it is
 * committed, and echoes it to its author too. A local change is saved when an update from the
 * server contains it: its new items (by clock) and its deletions (by range).
 */
interface Pending {
	/** End clock of this client's new items in the change (0: none). */
	clock: number;
	deletes: { client: number; clock: number; len: number }[];
}

export class SaveTracker {
	private pending: Pending[] = [];

	constructor(private readonly doc: Y.Doc) {}

	get saving() {
		return this.pending.length > 0;
	}

	/** A change made here (not one received from the server). */
	local(update: Uint8Array) {
		const decoded = Y.decodeUpdate(update);
		const clock = decoded.structs
			.filter((s) => s.id.client === this.doc.clientID)
			.reduce((max, s) => Math.max(max, s.id.clock + s.length), 0);
		const deletes = [...decoded.ds.clients.entries()].flatMap(([client, items]) => items.map((item) => ({ client, clock: item.clock, len: item.len })));
		if (clock || deletes.length) this.pending.push({ clock, deletes });
	}

	/** A raw message from the server; true when it acknowledged something. */
	server(message: Uint8Array): boolean {
		if (!this.pending.length) return false;
		let update: Uint8Array;
		try {
			const decoder = decoding.createDecoder(message);
			if (decoding.readVarUint(decoder) !== 0) return false;
			const type = decoding.readVarUint(decoder);
			if (type === 0) {
				// On (re)connection the server states what it holds: items it already has are saved.
				// (Deletions come back in the echo of the client's sync step 2.)
				const held = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(this.doc.clientID) ?? 0;
				const before = this.pending.length;
				this.pending = this.pending.filter((change) => change.deletes.length > 0 || change.clock > held);
				return this.pending.length < before;
			}
			if (type !== 1 && type !== 2) return false;
			update = decoding.readVarUint8Array(decoder);
		} catch {
			return false;
		}
		const decoded = Y.decodeUpdate(update);
		const reached = decoded.structs
			.filter((s) => s.id.client === this.doc.clientID)
			.reduce((max, s) => Math.max(max, s.id.clock + s.length), 0);
		const covered = (d: Pending['deletes'][number]) =>
			(decoded.ds.clients.get(d.client) ?? []).some((item) => item.clock <= d.clock && item.clock + item.len >= d.clock + d.len);
		const before = this.pending.length;
		this.pending = this.pending.filter((change) => !((change.clock === 0 || reached >= change.clock) && change.deletes.every(covered)));
		return this.pending.length < before;
	}
}
