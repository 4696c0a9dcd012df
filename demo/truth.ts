// Ground truth of the planted signals and of the programmes' effects, written to truth.json.
import type { Planted } from './schools.js';

export type { Planted };

export interface Truth {
  seed: number;
  schools: { school_code: string; planted: Planted[] }[];
  /** Anti-risk programmes: first school year and the true shift of ability (θ units; 0 = no effect). */
  programmes: { school_code: string; start_year: string; effect: number }[];
}
