import { formInstant, instantToWallClock } from '#lib/features/meetings/server/time.js';

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * The budget settings form (new budget, settings edit) as the API input: empty optional fields are
 * null, dates are read on the organisation's wall clock. Fields the form did not send (disabled
 * once votes exist) stay absent, so an edit changes only what was submitted; so do the dates of
 * `current` sent back unchanged (the form shows minutes: their seconds must not count as a move).
 */
export function budgetFormInput(values: Record<string, unknown>, zone: string, current?: { opensAt: Date; closesAt: Date }) {
	const input: Record<string, unknown> = {
		title: values.title,
		description: values.description === undefined ? undefined : (text(values.description) ?? ''),
		total_amount: text(values.total_amount),
		rule: values.rule,
		min_share_percent: text(values.min_share_percent) ?? null,
		min_projects: text(values.min_projects) ?? null,
		max_projects: text(values.max_projects) ?? null,
		eligibility: values.eligibility,
		min_account_age_days: text(values.min_account_age_days) ?? null,
		resident_postal_codes: (text(values.resident_postal_codes) ?? '').split(/[\s,;]+/).filter(Boolean),
		opens_at: formInstant(values.opens_at, zone),
		closes_at: formInstant(values.closes_at, zone)
	};
	const unchanged = (name: string) =>
		current !== undefined && (name === 'opens_at' || name === 'closes_at') && values[name] === instantToWallClock(name === 'opens_at' ? current.opensAt : current.closesAt, zone);
	return Object.fromEntries(Object.entries(input).filter(([name]) => values[name] !== undefined && !unchanged(name)));
}

/** A project form: empty optional fields (proposal, map point, address) are null, clearing them. */
export function projectFormInput(values: Record<string, unknown>) {
	const blankIsNull = (name: string) => (values[name] === undefined ? undefined : (text(values[name]) ?? null));
	return { ...values, proposal_id: blankIsNull('proposal_id'), longitude: blankIsNull('longitude'), latitude: blankIsNull('latitude'), address: blankIsNull('address') };
}
