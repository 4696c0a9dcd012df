// Public entry of the demo generator.
export { generateDemo, TRUTH_FILE, type DemoOptions, type DemoResult } from './generate.js';
export type { Truth, Planted } from './truth.js';
