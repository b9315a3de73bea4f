import { describe, expect, it } from 'vitest';
import { proposalCreateInput, proposalListQuery } from '#lib/features/proposals/api.js';
import { cleanFilename, detectMediaType, IMAGE_AND_PDF_TYPES } from '#lib/server/files/media-types.js';
import { normaliseForSearch } from '#lib/features/proposals/server/text.js';
import { diffText } from '#lib/features/proposals/server/versions.js';
import { nestDotted, spaceSettingsForm } from '#lib/features/spaces/api.js';
import { capabilityRefusal, type Phase } from '#lib/features/spaces/server/spaces.js';
import { localise } from '#lib/server/api/errors.js';

const bytes = (...values: (number | string)[]) =>
	Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('participation: pure rules', () => {
	it('normalises text for the French search: no accents, lower case', () => {
		expect(normaliseForSearch('École ÉLÉMENTAIRE Cœur, maïs, Noël')).toBe('ecole elementaire cœur, mais, noel');
	});

	it('explains why a phase refuses a capability, in the caller’s language', () => {
		const phase = { title: 'Analyse', capabilities: { proposals: false, supports: false, comments: true, amendments: false, votes: false } } as Phase;
		expect(capabilityRefusal(phase, 'comments')).toBeNull();
		const refusal = capabilityRefusal(phase, 'supports')!;
		expect(refusal.status).toBe(403);
		expect(localise(refusal.message, 'fr', refusal.params)).toBe('La phase « Analyse » ne permet pas de soutenir des propositions.');
		expect(localise(refusal.message, 'en', refusal.params)).toBe('The phase “Analyse” does not allow supporting proposals.');
		const closed = capabilityRefusal(undefined, 'proposals')!;
		expect(localise(closed.message, 'fr')).toBe('Aucune phase n’est ouverte dans cet espace : la participation est fermée.');
	});

	it('recognises images and PDF from their first bytes only', () => {
		expect(detectMediaType(bytes(0xff, 0xd8, 0xff, 0xe0), IMAGE_AND_PDF_TYPES)).toBe('image/jpeg');
		expect(detectMediaType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a), IMAGE_AND_PDF_TYPES)).toBe('image/png');
		expect(detectMediaType(bytes('GIF89a'), IMAGE_AND_PDF_TYPES)).toBe('image/gif');
		expect(detectMediaType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), IMAGE_AND_PDF_TYPES)).toBe('image/webp');
		expect(detectMediaType(bytes('%PDF-1.7'), IMAGE_AND_PDF_TYPES)).toBe('application/pdf');
		expect(detectMediaType(bytes('<svg onload=alert(1)>'), IMAGE_AND_PDF_TYPES)).toBeNull();
		expect(detectMediaType(bytes('<!doctype html>'), IMAGE_AND_PDF_TYPES)).toBeNull();
		expect(detectMediaType(new Uint8Array(), IMAGE_AND_PDF_TYPES)).toBeNull();
		expect(cleanFilename('C:\\Users\\moi\\"photo"\u0007.png', 'image/png')).toBe('photo.png');
		expect(cleanFilename('', 'application/pdf')).toBe('fichier.pdf');
	});

	it('diffs versions word by word', () => {
		expect(diffText('Planter des arbres rue de la gare.', 'Planter des tilleuls rue de la gare.')).toEqual([
			{ kind: 'same', text: 'Planter des ' },
			{ kind: 'removed', text: 'arbres' },
			{ kind: 'added', text: 'tilleuls' },
			{ kind: 'same', text: ' rue de la gare.' }
		]);
	});

	it('reads nested form fields, and an unticked box as "no"', () => {
		expect(nestDotted({ title: 'T', 'rules.supportThreshold': '5' })).toEqual({ title: 'T', rules: { supportThreshold: '5' } });
		const parsed = spaceSettingsForm.parse({ title: 'Budget 2027', visibility: 'public', 'rules.supportThreshold': '5' });
		expect(parsed.rules).toMatchObject({ supportThreshold: 5, countBeyondThreshold: false, proposalsPerAuthor: 0 });
	});

	it('validates proposals: both coordinates or none, in range; list queries with known values', () => {
		const base = { title: 'Un banc au port', body: 'Un texte assez long pour être valable.' };
		expect(proposalCreateInput.safeParse({ ...base, latitude: '47.6' }).success).toBe(false);
		expect(proposalCreateInput.safeParse({ ...base, latitude: '91', longitude: '0' }).success).toBe(false);
		expect(proposalCreateInput.parse({ ...base, latitude: '47.6', longitude: '-2.9', publish: 'on' })).toMatchObject({ latitude: 47.6, longitude: -2.9, publish: true, official: false });
		expect(proposalListQuery.parse({})).toMatchObject({ sort: 'recent', limit: 20 });
		expect(proposalListQuery.safeParse({ sort: 'best' }).success).toBe(false);
	});
});
