// Public entry of the demo generator.
export { type DemoOptions, type DemoResult, generateDemo, TRUTH_FILE } from './generate.js';
export type { Planted, Truth } from './truth.js';
