// The methodology config (config/methodology.json): one place for every threshold and every reference area, read by
// SQL (cfg_params, cfg_areas), the docs and the dashboard.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Param {
  value: number;
  status: 'S' | 'M' | 'R';
  title: string;
  text: string;
}

/** The schools a relative rule compares a school with: those of its municipality, or every school of the registry. */
export type AreaKind = 'municipality' | 'registry';
export interface AreaParam {
  value: AreaKind;
  title: string;
  text: string;
}
export const AREA_KINDS: Record<AreaKind, string> = { municipality: 'муниципалитет ОО', registry: 'все ОО реестра' };

export interface MethodologyConfig {
  version: string;
  note: string;
  params: Record<string, Param>;
  reference_areas: { note: string; rules: Record<string, AreaParam> };
}

export function loadConfig(
  path = process.env.ORIENTIR_METHODOLOGY ?? fileURLToPath(new URL('../config/methodology.json', import.meta.url)),
): MethodologyConfig {
  const cfg = JSON.parse(readFileSync(path, 'utf8')) as MethodologyConfig;
  for (const [rule, a] of Object.entries(cfg.reference_areas?.rules ?? {}))
    if (!(a.value in AREA_KINDS))
      throw new Error(
        `${path}: опорная территория правила «${rule}» — «${a.value}»; допустимо ${Object.keys(AREA_KINDS)
          .map((k) => `«${k}»`)
          .join(' или ')}.`,
      );
  return cfg;
}
