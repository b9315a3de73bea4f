import { expect, type Locator } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** The demo's participatory budget (its « Idées » phase accepts proposals and supports). */
export const DEMO_SPACE = 'budget-participatif-2027';

/** A space: its phases and its list of proposals with search, filters and sorts. */
export class SpacePage extends BasePage {
	readonly path: string;
	constructor(page: BasePage['page'], slug = DEMO_SPACE) {
		super(page);
		this.path = `/spaces/${slug}`;
	}
	get newProposal() {
		return this.main.getByRole('link', { name: either('Nouvelle proposition', 'New proposal') });
	}
	get search() {
		return this.main.getByRole('searchbox', { name: either('Rechercher', 'Search') });
	}
	get applyFilters() {
		return this.main.getByRole('button', { name: either('Appliquer', 'Apply') });
	}
	proposalLink(title: string): Locator {
		return this.main.getByRole('link', { name: title, exact: true });
	}
}

/** The form of a new proposal or of an edit. */
export class ProposalFormPage extends BasePage {
	readonly path = '';
	matches(url: URL) {
		return /^\/spaces\/[\w-]+\/proposals\/(new|\d+\/edit)$/.test(url.pathname);
	}
	get title() {
		return this.main.getByLabel(either('Titre', 'Title'), { exact: true });
	}
	get body() {
		return this.main.getByLabel(either('Texte de la proposition', 'Text of the proposal'));
	}
	get address() {
		return this.main.getByLabel(either('Adresse', 'Address'), { exact: true });
	}
	get latitude() {
		return this.main.getByLabel('Latitude', { exact: true });
	}
	get longitude() {
		return this.main.getByLabel('Longitude', { exact: true });
	}
	get publish() {
		return this.main.getByRole('button', { name: either('Publier', 'Publish'), exact: true });
	}
	get saveDraft() {
		return this.main.getByRole('button', { name: either('Enregistrer le brouillon', 'Save the draft') });
	}
	get save() {
		return this.main.getByRole('button', { name: either('Enregistrer', 'Save'), exact: true });
	}

	async fill(fields: { title: string; body: string; address?: string; latitude?: string; longitude?: string }) {
		await this.title.fill(fields.title);
		await this.body.fill(fields.body);
		if (fields.address) await this.address.fill(fields.address);
		if (fields.latitude) await this.latitude.fill(fields.latitude);
		if (fields.longitude) await this.longitude.fill(fields.longitude);
	}
}

/** One proposal: text, supports, authors and invitations, amendments, answer. */
export class ProposalPage extends BasePage {
	readonly path = '';
	matches(url: URL) {
		return /^\/spaces\/[\w-]+\/proposals\/\d+$/.test(url.pathname);
	}
	get support() {
		return this.main.getByRole('button', { name: either('Soutenir', 'Support'), exact: true });
	}
	get unsupport() {
		return this.main.getByRole('button', { name: either('Retirer mon soutien', 'Withdraw my support') });
	}
	get supports() {
		return this.main.getByRole('region', { name: either('Soutiens', 'Supports') });
	}
	get location() {
		return this.main.getByRole('region', { name: either('Localisation (facultatif)', 'Location (optional)') });
	}
	get authors() {
		return this.main.getByRole('region', { name: either('Auteurs', 'Authors') });
	}
	get body() {
		return this.main.getByRole('article', { name: either('Texte de la proposition', 'Text of the proposal') });
	}
	get inviteEmail() {
		return this.main.getByLabel(either('Inviter un co-auteur (adresse e-mail de son compte)', 'Invite a co-author (e-mail address of their account)'));
	}
	get invite() {
		return this.main.getByRole('button', { name: either('Inviter', 'Invite'), exact: true });
	}
	get acceptInvitation() {
		return this.main.getByRole('button', { name: either('Accepter l’invitation', 'Accept the invitation') });
	}
	get edit() {
		return this.main.getByRole('link', { name: either('Modifier la proposition', 'Edit the proposal') });
	}
	get publish() {
		return this.main.getByRole('button', { name: either('Publier', 'Publish'), exact: true });
	}
	get versions() {
		return this.main.getByRole('link', { name: either('Historique des versions', 'Version history') });
	}

	/** Supports with the enhanced form: the count updates in place. */
	async supportIt() {
		await this.support.click();
		await expect(this.unsupport).toBeVisible();
	}
}

/** Administrators: merge proposals of a space into a new official one. */
export class MergePage extends BasePage {
	readonly path: string;
	constructor(page: BasePage['page'], slug = DEMO_SPACE) {
		super(page);
		this.path = `/spaces/${slug}/merge`;
	}
	proposal(title: string) {
		return this.main.getByRole('checkbox', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
	}
	get title() {
		return this.main.getByLabel(either('Titre', 'Title'), { exact: true });
	}
	get body() {
		return this.main.getByLabel(either('Texte de la proposition', 'Text of the proposal'));
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Fusionner', 'Merge'), exact: true });
	}
}

/** Administrators: a space's settings, phases, members, categories and custom states. */
export class SpaceSettingsPage extends BasePage {
	readonly path: string;
	constructor(page: BasePage['page'], slug = DEMO_SPACE) {
		super(page);
		this.path = `/spaces/${slug}/settings`;
	}
}
