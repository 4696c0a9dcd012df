// The methodology config (config/methodology.json): one place for every threshold, read by SQL (cfg_params),
// the docs and the dashboard.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Param { value: number; status: 'S' | 'M' | 'R'; title: string; text: string }
export interface MethodologyConfig { version: string; note: string; params: Record<string, Param> }

export function loadConfig(path = process.env.ORIENTIR_METHODOLOGY ?? fileURLToPath(new URL('../config/methodology.json', import.meta.url))): MethodologyConfig {
  return JSON.parse(readFileSync(path, 'utf8')) as MethodologyConfig;
}
