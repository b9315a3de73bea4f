import { and, asc, between, desc, eq, gt, isNotNull, or, sql } from 'drizzle-orm';
import type { DatasetRow, MapLayer, OpenDataset } from '#lib/features/opendata/contract.js';
import type { Db } from '#lib/server/db/client.js';
import { meetings, organisations, spaces } from '#lib/server/db/schema.js';

const PAGE = 500;
const publicMeetings = eq(spaces.visibility, 'public');

/** Meetings of public spaces (no registrations, no personal data). */
export const meetingsDatasets: OpenDataset[] = [
	{
		slug: 'reunions',
		title: { fr: 'Réunions publiques', en: 'Public meetings' },
		description: {
			fr: 'Séances, réunions et ateliers des espaces publics : date, lieu, mode, statut, places et participation.',
			en: 'Sessions, meetings and workshops of public spaces: date, place, mode, status, places and attendance.'
		},
		updateFrequency: 'continuous',
		geo: true,
		columns: [
			{ name: 'id', type: 'string', description: { fr: 'Identifiant', en: 'Identifier' } },
			{ name: 'organisation', type: 'string', description: { fr: 'Organisation (identifiant court)', en: 'Organisation (slug)' } },
			{ name: 'space', type: 'string', description: { fr: 'Espace (identifiant court)', en: 'Space (slug)' } },
			{ name: 'title', type: 'string', description: { fr: 'Titre', en: 'Title' } },
			{ name: 'mode', type: 'string', description: { fr: 'in_person, online ou hybrid', en: 'in_person, online or hybrid' } },
			{ name: 'status', type: 'string', description: { fr: 'published, cancelled ou closed', en: 'published, cancelled or closed' } },
			{ name: 'starts_at', type: 'datetime', description: { fr: 'Début (UTC)', en: 'Start (UTC)' } },
			{ name: 'ends_at', type: 'datetime', description: { fr: 'Fin (UTC)', en: 'End (UTC)' } },
			{ name: 'address', type: 'string', description: { fr: 'Adresse', en: 'Address' } },
			{ name: 'longitude', type: 'number', description: { fr: 'Longitude (WGS 84)', en: 'Longitude (WGS 84)' } },
			{ name: 'latitude', type: 'number', description: { fr: 'Latitude (WGS 84)', en: 'Latitude (WGS 84)' } },
			{ name: 'places', type: 'integer', description: { fr: 'Places (vide : sans limite)', en: 'Places (empty: no limit)' } },
			{ name: 'registered', type: 'integer', description: { fr: 'Inscrits', en: 'Registered' } },
			{ name: 'attendees', type: 'integer', description: { fr: 'Participants (réunion terminée)', en: 'Attendees (closed meeting)' } }
		],
		async *rows(db: Db) {
			let after: { startsAt: Date; id: string } | undefined;
			for (;;) {
				const rows = await db
					.select({ meeting: meetings, space: spaces.slug, organisation: organisations.slug })
					.from(meetings)
					.innerJoin(spaces, eq(spaces.id, meetings.spaceId))
					.innerJoin(organisations, eq(organisations.id, meetings.organisationId))
					.where(
						and(
							publicMeetings,
							after ? or(gt(meetings.startsAt, after.startsAt), and(eq(meetings.startsAt, after.startsAt), gt(meetings.id, after.id))) : undefined
						)
					)
					.orderBy(asc(meetings.startsAt), asc(meetings.id))
					.limit(PAGE);
				for (const { meeting: m, space, organisation } of rows)
					yield {
						id: m.id,
						organisation,
						space,
						title: m.title,
						mode: m.mode,
						status: m.status,
						starts_at: m.startsAt.toISOString(),
						ends_at: m.endsAt.toISOString(),
						address: m.address,
						longitude: m.longitude,
						latitude: m.latitude,
						places: m.places,
						registered: m.registeredCount,
						attendees: m.attendees
					} satisfies DatasetRow;
				if (rows.length < PAGE) return;
				const last = rows.at(-1)!.meeting;
				after = { startsAt: last.startsAt, id: last.id };
			}
		},
		async lastModified(db: Db) {
			const [row] = await db
				.select({ at: meetings.updatedAt })
				.from(meetings)
				.innerJoin(spaces, eq(spaces.id, meetings.spaceId))
				.where(publicMeetings)
				.orderBy(desc(meetings.updatedAt))
				.limit(1);
			return row?.at ?? null;
		}
	}
];

const statusLabels = {
	published: { fr: 'Prévue', en: 'Planned' },
	cancelled: { fr: 'Annulée', en: 'Cancelled' },
	closed: { fr: 'Terminée', en: 'Held' }
} as const;

/** Upcoming and recent meetings with a place, on the map. Filter `status`. */
export const meetingsMapLayers: MapLayer[] = [
	{
		id: 'meetings',
		title: { fr: 'Réunions', en: 'Meetings' },
		filters: [
			{
				name: 'status',
				label: { fr: 'Statut', en: 'Status' },
				options: Object.entries(statusLabels).map(([value, label]) => ({ value, label }))
			}
		],
		async items(db, query) {
			const [west, south, east, north] = query.bbox;
			const status = ['published', 'cancelled', 'closed'].includes(query.filters.status ?? '') ? (query.filters.status as 'published') : undefined;
			const rows = await db
				.select({ meeting: meetings, space: spaces.slug })
				.from(meetings)
				.innerJoin(spaces, eq(spaces.id, meetings.spaceId))
				.where(
					and(
						publicMeetings,
						isNotNull(meetings.longitude),
						between(meetings.longitude, west, east),
						between(meetings.latitude, south, north),
						status ? eq(meetings.status, status) : undefined,
						gt(meetings.endsAt, sql`now() - interval '90 days'`)
					)
				)
				.orderBy(asc(meetings.startsAt))
				.limit(query.limit);
			return rows.map(({ meeting: m, space }) => ({
				id: m.id,
				longitude: m.longitude!,
				latitude: m.latitude!,
				title: m.title,
				url: `/spaces/${space}/meetings/${m.id}`,
				properties: { status: m.status, stateLabel: statusLabels[m.status].fr, mode: m.mode, starts_at: m.startsAt.toISOString(), date: m.startsAt.toISOString(), address: m.address }
			}));
		}
	}
];
