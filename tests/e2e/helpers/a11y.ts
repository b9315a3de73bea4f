import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules: what the RGAA 4.1 and EN 301 549 build on. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** Violations as a report a person can act on: rule, impact, help page, and each element. */
export function formatViolations(url: string, violations: AxeResults['violations']): string {
	const lines = [`${violations.length} accessibility violation(s) on ${url}:`];
	for (const violation of violations) {
		lines.push('', `✗ [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help}`, `  ${violation.helpUrl}`);
		for (const node of violation.nodes) {
			lines.push(`  → ${node.target.join(' ')}`);
			lines.push(`    ${node.html.replace(/\s+/g, ' ').slice(0, 200)}`);
			for (const line of (node.failureSummary ?? '').split('\n')) if (line.trim()) lines.push(`    ${line.trim()}`);
		}
	}
	return lines.join('\n');
}

/**
 * Follows every page a test shows. Each main-frame navigation marks the page "not yet checked";
 * `checkAccessibility` clears the mark. A test that leaves a page it never checked fails at the
 * end, and the page shown last is checked then if the test did not do it.
 */
export class A11yTracker {
	pendingUrl: string | null = null;
	readonly skipped = new Set<string>();
	readonly checked: string[] = [];

	constructor(readonly page: Page) {
		page.on('framenavigated', (frame) => {
			if (frame !== page.mainFrame()) return;
			const url = frame.url();
			if (url === 'about:blank') return;
			if (this.pendingUrl && this.pendingUrl !== url) this.skipped.add(this.pendingUrl);
			this.pendingUrl = url;
		});
	}

	markChecked(url: string) {
		this.checked.push(url);
		if (this.pendingUrl === url) this.pendingUrl = null;
	}
}

const trackers = new WeakMap<Page, A11yTracker>();

export function track(page: Page) {
	const tracker = new A11yTracker(page);
	trackers.set(page, tracker);
	return tracker;
}

/** Runs axe on the page as it is now and fails the test on any WCAG 2.1 A/AA violation. */
export async function checkAccessibility(page: Page, label?: string) {
	const url = page.url();
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	trackers.get(page)?.markChecked(url);
	const where = label ? `${url} (${label})` : url;
	expect(results.violations.length, formatViolations(where, results.violations)).toBe(0);
}
