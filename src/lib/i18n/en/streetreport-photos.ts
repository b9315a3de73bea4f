export const streetreportPhotosEn = {
	'streetreports.form.photos': 'Photos (optional)',
	'streetreports.form.photosHint':
		'Up to {count} photos (JPEG, PNG, WebP or GIF) of at most {megabytes} MB each. They are recompressed and their metadata, including the GPS position, erased.',
	'streetreports.photo.tooMany': 'At most {max} photos per report.',
	'streetreports.photo.empty': 'The file “{name}” is empty.',
	'streetreports.photo.tooLarge': 'The photo “{name}” is over {max} MB.',
	'streetreports.photo.badType': 'The file “{name}” is not a JPEG, PNG, WebP or GIF image: its content matches none of these formats.',
	'streetreports.photo.unreadable': 'The image “{name}” is unreadable or incomplete.',
	'streetreports.photo.tooManyPixels': 'The image “{name}” is too large: over {max} megapixels.',
	'streetreports.photo.notFound': 'Photo not found.',
	'streetreports.photos.title': 'Photos',
	'streetreports.photos.alt': 'Photo {n} attached to the “{category}” report',
	'streetreports.photos.hide': 'Hide photo {n} from the public',
	'streetreports.photos.show': 'Make photo {n} public',
	'streetreports.photos.hiddenNote': 'Hidden: visible to agents only.',
	'streetreports.event.photo_hidden': 'A photo was hidden',
	'streetreports.event.photo_shown': 'A photo was made public again',
	'streetreports.history.photo': 'photo {n}',
	'streetreports.history.by': 'by {name}'
};
