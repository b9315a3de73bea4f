import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';
import { calendarFeedOutput, meetingCancelInput, meetingCloseInput, meetingCreateInput, meetingListQuery, meetingOutput, meetingUpdateInput, registrationOutput } from './api.js';

const registrationRow = z.object({ id: z.uuid(), name: z.string(), status: z.enum(['registered', 'waiting']), code: z.string(), queued_at: z.iso.datetime() });
const ics = (description: string) => ({ status: 200, description: `${description} (text/calendar, RFC 5545)` });

export const meetingOperations: Operation[] = [
	{
		method: 'get', path: '/spaces/{slug}/meetings', tag: 'Meetings', auth: 'public', summary: 'Meetings of a space, in start order.',
		query: meetingListQuery, response: { status: 200, description: 'A page of meetings', schema: z.object({ items: z.array(meetingOutput), next_cursor: z.string().nullable() }) },
		errors: ['not_found', 'validation_failed']
	},
	{
		method: 'get', path: '/organisations/{slug}/meetings', tag: 'Meetings', auth: 'public',
		summary: 'Meetings of an organisation’s spaces that the caller may read (public spaces for everyone), in start order.',
		query: meetingListQuery, response: { status: 200, description: 'A page of meetings', schema: z.object({ items: z.array(meetingOutput), next_cursor: z.string().nullable() }) },
		errors: ['not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/spaces/{slug}/meetings', tag: 'Meetings', auth: 'user', summary: 'Plan a meeting (organisation staff); emits meeting.published.',
		body: meetingCreateInput, response: { status: 201, description: 'The meeting', schema: meetingOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed']
	},
	{
		method: 'get', path: '/meetings/{id}', tag: 'Meetings', auth: 'public', summary: 'One meeting.',
		response: { status: 200, description: 'The meeting', schema: meetingOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/meetings/{id}', tag: 'Meetings', auth: 'user',
		summary: 'Edit a meeting; a new time or place increases SEQUENCE and notifies registered people.',
		body: meetingUpdateInput, response: { status: 200, description: 'The meeting', schema: meetingOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	},
	{
		method: 'post', path: '/meetings/{id}/cancel', tag: 'Meetings', auth: 'user', summary: 'Cancel a meeting; registered people are notified; emits meeting.cancelled.',
		body: meetingCancelInput, response: { status: 200, description: 'The cancelled meeting', schema: meetingOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed']
	},
	{
		method: 'post', path: '/meetings/{id}/close', tag: 'Meetings', auth: 'user', summary: 'Close a held meeting with minutes (Markdown), attendance and outcomes.',
		body: meetingCloseInput, response: { status: 200, description: 'The closed meeting', schema: meetingOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed']
	},
	{
		method: 'get', path: '/meetings/{id}/calendar.ics', tag: 'Meetings', auth: 'public', summary: 'The meeting as an iCalendar file.',
		response: ics('One VEVENT with its VTIMEZONE'), errors: ['not_found']
	},
	{
		method: 'get', path: '/meetings/{id}/registration', tag: 'Meetings', auth: 'user', summary: 'The caller’s registration (status, door code, waiting position).',
		response: { status: 200, description: 'The registration', schema: registrationOutput }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'post', path: '/meetings/{id}/registration', tag: 'Meetings', auth: 'user',
		summary: 'Register; when the places are taken, join the waiting list. A confirmation e-mail carries the .ics. Idempotent (200 when already registered).',
		response: { status: 201, description: 'The registration', schema: registrationOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'delete', path: '/meetings/{id}/registration', tag: 'Meetings', auth: 'user', summary: 'Cancel the caller’s registration; the first person waiting takes the place.',
		response: { status: 204, description: 'Cancelled' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'get', path: '/meetings/{id}/registrations', tag: 'Meetings', auth: 'user', summary: 'Who registered or waits (organisers).',
		response: { status: 200, description: 'Registrations', schema: z.object({ items: z.array(registrationRow) }) },
		errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'get', path: '/spaces/{slug}/calendar.ics', tag: 'Meetings', auth: 'public', summary: 'iCalendar feed of a space’s meetings.',
		response: ics('The feed'), errors: ['not_found']
	},
	{
		method: 'get', path: '/organisations/{slug}/calendar.ics', tag: 'Meetings', auth: 'public', summary: 'iCalendar feed of an organisation’s public meetings.',
		response: ics('The feed'), errors: ['not_found']
	},
	{
		method: 'post', path: '/me/calendar-feed', tag: 'Meetings', auth: 'user', summary: 'Create or replace the caller’s secret personal feed URL (the old one stops working).',
		response: { status: 201, description: 'The new URL, shown once', schema: calendarFeedOutput }, errors: ['unauthenticated']
	},
	{
		method: 'delete', path: '/me/calendar-feed', tag: 'Meetings', auth: 'user', summary: 'Revoke the caller’s personal feed URL.',
		response: { status: 204, description: 'Revoked' }, errors: ['unauthenticated']
	},
	{
		method: 'get', path: '/calendar/{token}.ics', tag: 'Meetings', auth: 'public', summary: 'Personal feed at its secret URL: meetings I registered for, and events other features contribute.',
		response: ics('The feed'), errors: ['not_found']
	}
];
