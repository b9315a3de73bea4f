import { expect, type Locator } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** A space's documents: the list and the "new document" form. */
export class DocumentsPage extends BasePage {
	readonly path: string;
	constructor(page: BasePage['page'], slug = 'budget-participatif-2027') {
		super(page);
		this.path = `/spaces/${slug}/documents`;
	}
	get title() {
		return this.main.getByRole('textbox', { name: either('Titre', 'Title') });
	}
	get content() {
		return this.main.getByLabel(either('Contenu initial (facultatif)', 'Initial content (optional)'));
	}
	get create() {
		return this.main.getByRole('button', { name: either('Créer le document', 'Create the document') });
	}
}

/** The co-editing page of one document. */
export class DocumentPage extends BasePage {
	readonly path = '/documents/';
	matches(url: URL) {
		return /^\/documents\/[0-9a-f-]{36}$/.test(url.pathname);
	}
	/** The page's title (the document's own headings come after it). */
	get heading() {
		return this.main.getByRole('heading', { level: 1 }).first();
	}
	/** The live editor (Tiptap's contenteditable). */
	get editor(): Locator {
		return this.main.locator('.ProseMirror');
	}
	get syncStatus() {
		return this.main.locator('.sync-status');
	}
	get presence() {
		return this.main.locator('.presence');
	}
	get membersLink() {
		return this.main.getByRole('link', { name: either('Participants', 'People') });
	}
	get versionsLink() {
		return this.main.getByRole('link', { name: 'Versions' });
	}
	/** The first paragraph's text, without the other people's carets and names drawn inside it. */
	firstParagraphText(): Promise<string> {
		return this.editor
			.locator('p')
			.first()
			.evaluate((p) => {
				const copy = p.cloneNode(true) as HTMLElement;
				for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
				return copy.textContent ?? '';
			});
	}
	/** The discussions beside the editor. */
	get comments(): Locator {
		return this.main.getByRole('complementary', { name: either('Commentaires', 'Comments') });
	}
	thread(quote: string): Locator {
		return this.comments.getByRole('article', { name: either(`Commentaire sur « ${quote} »`, `Comment on “${quote}”`) });
	}
	/** Selects a word of the document, as a person dragging over it would. */
	async select(word: string) {
		await this.editor.evaluate((root, word) => {
			const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const at = node.textContent!.indexOf(word);
				if (at < 0) continue;
				const range = document.createRange();
				range.setStart(node, at);
				range.setEnd(node, at + word.length);
				getSelection()!.removeAllRanges();
				getSelection()!.addRange(range);
				return;
			}
			throw new Error(`${word} not in the document`);
		}, word);
	}
	async waitSaved() {
		await expect(this.syncStatus).toHaveText(either('Enregistré', 'Saved'));
	}
	/** Types at the end of the first paragraph, as a person clicking there would. */
	async typeAtEndOfFirstParagraph(text: string) {
		const paragraph = this.editor.locator('p').first();
		await paragraph.click();
		await this.page.keyboard.press('End');
		await this.page.keyboard.type(text);
	}
}

export class MembersPage extends BasePage {
	readonly path = '/documents/';
	matches(url: URL) {
		return /^\/documents\/[0-9a-f-]{36}\/members$/.test(url.pathname);
	}
	async give(email: string, role: 'Propriétaire' | 'Rédaction' | 'Commentaire' | 'Lecture') {
		await this.main.getByLabel('Adresse e-mail de la personne').fill(email);
		await this.main.getByLabel('Rôle').selectOption({ label: role });
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Appliquer' }));
	}
}
