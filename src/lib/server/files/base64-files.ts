import { z } from 'zod';

/** A file sent in a JSON body, `{filename, data_base64}`; `formats` tells the API's readers what is accepted. */
export const base64FileInput = (formats: string) =>
	z.object({
		filename: z.string().trim().min(1).max(200),
		data_base64: z.base64({ error: 'validation.invalid' }).describe(formats)
	});

/** Files as the domain takes them, whether they came as base64 in the API or as a form's files. */
export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

export const decodeBase64Files = (files: { filename: string; data_base64: string }[]): UploadedFile[] =>
	files.map((file) => ({ name: file.filename, bytes: new Uint8Array(Buffer.from(file.data_base64, 'base64')) }));

export const readFormFiles = (files: File[] | undefined): Promise<UploadedFile[]> =>
	Promise.all((files ?? []).map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
