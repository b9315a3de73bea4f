import { describe, expect, it } from 'vitest';
import { instantToWallClock, wallClockToInstant } from '#lib/features/meetings/server/time.js';

describe('meeting times in the organisation’s zone', () => {
	it('reads a form’s wall-clock time in Paris, winter and summer', () => {
		expect(wallClockToInstant('2027-01-15T18:30', 'Europe/Paris')?.toISOString()).toBe('2027-01-15T17:30:00.000Z');
		expect(wallClockToInstant('2027-07-01T18:30', 'Europe/Paris')?.toISOString()).toBe('2027-07-01T16:30:00.000Z');
		expect(wallClockToInstant('2027-07-01T18:30', 'America/New_York')?.toISOString()).toBe('2027-07-01T22:30:00.000Z');
	});

	it('handles both daylight-saving changes', () => {
		// 28 March 2027: 01:30 is CET, 03:30 is CEST; 02:30 does not exist and moves forward.
		expect(wallClockToInstant('2027-03-28T01:30', 'Europe/Paris')?.toISOString()).toBe('2027-03-28T00:30:00.000Z');
		expect(wallClockToInstant('2027-03-28T03:30', 'Europe/Paris')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
		expect(wallClockToInstant('2027-03-28T02:30', 'Europe/Paris')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
		// 31 October 2027: 02:30 happens twice; the first (CEST) is taken.
		expect(wallClockToInstant('2027-10-31T02:30', 'Europe/Paris')?.toISOString()).toBe('2027-10-31T00:30:00.000Z');
	});

	it('round-trips and refuses malformed input', () => {
		expect(instantToWallClock(new Date('2027-03-28T01:30:00Z'), 'Europe/Paris')).toBe('2027-03-28T03:30');
		expect(wallClockToInstant('28/03/2027 10:00', 'Europe/Paris')).toBeUndefined();
		expect(wallClockToInstant('2027-13-45T10:00', 'Europe/Paris')).toBeUndefined();
		expect(wallClockToInstant('2027-02-30T10:00', 'Europe/Paris')).toBeUndefined();
	});
});
