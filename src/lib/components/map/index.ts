export { default as MapPicker } from './MapPicker.svelte';
export type { MapPoint } from './MapPicker.svelte';
export * from './leaflet.js';
export { mapText, mapMessages, type MapLabels, type MapMessageKey } from './messages.js';
