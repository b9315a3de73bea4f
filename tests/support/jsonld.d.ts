/** The few jsonld.js functions the tests use (the package ships no types). */
declare module 'jsonld' {
	const jsonld: {
		expand(input: object, options?: object): Promise<object[]>;
		toRDF(input: object, options?: { format?: 'application/n-quads' }): Promise<unknown>;
	};
	export default jsonld;
}
