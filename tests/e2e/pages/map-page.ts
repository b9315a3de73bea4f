import { expect } from '@playwright/test';
import { BasePage } from './base-page.js';
import { either } from '../helpers/text.js';

/** The full-page map: layers and filters, the map itself, the list and the table of the view. */
export class MapPage extends BasePage {
	readonly path = '/carte';

	get map() {
		return this.page.getByTestId('map');
	}
	/** A point marker by its title (Leaflet puts the title on the marker's image). */
	marker(title: string) {
		return this.map.locator(`img.leaflet-marker-icon[title="${title.replace(/"/g, '\\"')}"]`);
	}
	get clusters() {
		return this.map.locator('.map-cluster');
	}
	get status() {
		return this.page.getByTestId('map-status');
	}
	get list() {
		return this.page.getByTestId('map-list');
	}
	get table() {
		return this.page.getByTestId('map-table');
	}
	get showTable() {
		return this.main.getByRole('button', { name: either('Afficher le tableau', 'Show the table') });
	}
	get showList() {
		return this.main.getByRole('button', { name: either('Afficher la liste', 'Show the list') });
	}
	get permalink() {
		return this.main.getByRole('link', { name: either('Lien vers cette vue', 'Link to this view') });
	}
	/** A filter of one layer (several layers have a « Statut » or a « Catégorie »). */
	filter(label: string, layer: string) {
		return this.main.getByRole('group', { name: `Filtres : ${layer}` }).getByLabel(label, { exact: true });
	}

	/** Waits until the markers of the current view are drawn. */
	async settled() {
		await expect(this.map).toHaveAttribute('data-ready', 'true');
		await expect(this.map).toHaveAttribute('data-loading', 'false');
	}
}
