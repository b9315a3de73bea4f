/** Offset of `zone` from UTC at `instant`, in minutes (e.g. 60 for Paris in winter). */
function offsetMinutes(instant: Date, zone: string) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
			.formatToParts(instant)
			.map((p) => [p.type, Number(p.value)])
	);
	const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock of `zone` shows `local` (`YYYY-MM-DDTHH:mm`, as a
 * datetime-local input sends it). A time skipped by a daylight-saving change moves forward by the
 * gap; an ambiguous one (the autumn hour that happens twice) takes the first occurrence.
 */
export function wallClockToInstant(local: string, zone: string): Date | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!match) return undefined;
	const [, y, mo, d, h, mi] = match.map(Number);
	const guess = Date.UTC(y, mo - 1, d, h, mi);
	if (Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 16) !== local) return undefined;
	// The zone's offsets around that day; a change of offset happens at most once within hours.
	const before = offsetMinutes(new Date(guess - 14 * 3_600_000), zone);
	const after = offsetMinutes(new Date(guess + 14 * 3_600_000), zone);
	const matching = [...new Set([before, after])]
		.map((offset) => new Date(guess - offset * 60_000))
		.filter((candidate) => instantToWallClock(candidate, zone) === local)
		.sort((a, b) => a.getTime() - b.getTime());
	return matching[0] ?? new Date(guess - before * 60_000);
}

/** The wall-clock time of `instant` in `zone`, as a datetime-local input shows it. */
export function instantToWallClock(instant: Date, zone: string): string {
	const local = new Date(instant.getTime() + offsetMinutes(instant, zone) * 60_000);
	return local.toISOString().slice(0, 16);
}

/**
 * A datetime-local form field typed on `zone`'s wall clock, as an ISO instant. Empty is absent; an
 * unreadable value is passed on as typed, so the input schema refuses it with its own message.
 */
export function formInstant(value: unknown, zone: string): string | undefined {
	const local = typeof value === 'string' ? value.trim() : '';
	if (!local) return undefined;
	return wallClockToInstant(local, zone)?.toISOString() ?? local;
}
