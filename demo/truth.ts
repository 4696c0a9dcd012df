// Ground truth of the planted signals, written to truth.json.
import type { Planted } from './schools.js';

export type { Planted };

export interface Truth {
  seed: number;
  schools: { school_code: string; planted: Planted[] }[];
}
