export const streetreportPhotosFr = {
	'streetreports.form.photos': 'Photos (facultatif)',
	'streetreports.form.photosHint':
		'Jusqu’à {count} photos (JPEG, PNG, WebP ou GIF) de {megabytes} Mo au plus chacune. Elles sont recompressées et leurs métadonnées, dont la position GPS, effacées.',
	'streetreports.photo.tooMany': 'Au plus {max} photos par signalement.',
	'streetreports.photo.empty': 'Le fichier « {name} » est vide.',
	'streetreports.photo.tooLarge': 'La photo « {name} » dépasse {max} Mo.',
	'streetreports.photo.badType': 'Le fichier « {name} » n’est pas une image JPEG, PNG, WebP ou GIF : son contenu ne correspond à aucun de ces formats.',
	'streetreports.photo.unreadable': 'L’image « {name} » est illisible ou incomplète.',
	'streetreports.photo.tooManyPixels': 'L’image « {name} » est trop grande : plus de {max} mégapixels.',
	'streetreports.photo.notFound': 'Photo introuvable.',
	'streetreports.photos.title': 'Photos',
	'streetreports.photos.alt': 'Photo {n} jointe au signalement « {category} »',
	'streetreports.photos.hide': 'Masquer la photo {n} au public',
	'streetreports.photos.show': 'Rendre la photo {n} publique',
	'streetreports.photos.hiddenNote': 'Masquée : visible des agents seulement.',
	'streetreports.event.photo_hidden': 'Une photo a été masquée',
	'streetreports.event.photo_shown': 'Une photo a été rendue publique',
	'streetreports.history.photo': 'photo {n}',
	'streetreports.history.by': 'par {name}'
};
