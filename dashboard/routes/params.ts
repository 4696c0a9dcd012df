// Query-parameter helpers.
import type { Request } from 'express';

/** '2023/24' or undefined. */
export function yearParam(req: Request): string | undefined {
  const y = req.query.year;
  return typeof y === 'string' && /^\d{4}\/\d{2}$/.test(y) ? y : undefined;
}

/** A municipality name (`?mo=`), checked against the registry by the overview; undefined when absent. */
export function moParam(req: Request): string | undefined {
  const m = req.query.mo;
  return typeof m === 'string' && m.length > 0 && m.length <= 200 ? m : undefined;
}

export const isPrint = (req: Request): boolean => req.query.print === '1';

export const codeParam = (req: Request): string => String(req.params.code ?? '');
