import { z } from 'zod';

export const markReadInput = z.object({
	ids: z.array(z.uuid()).max(500).optional().describe('Notifications to mark as read; all unread ones when left out.')
});
