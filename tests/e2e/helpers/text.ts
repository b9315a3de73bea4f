/** Matches one of the translations of a text, whole: `either('Se connecter', 'Log in')`. */
export function either(...texts: string[]): RegExp {
	return new RegExp(`^\\s*(${texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*$`);
}
