// Query-parameter helpers.
import type { Request } from 'express';

/** '2023/24' or undefined. */
export function yearParam(req: Request): string | undefined {
  const y = req.query.year;
  return typeof y === 'string' && /^\d{4}\/\d{2}$/.test(y) ? y : undefined;
}

export const isPrint = (req: Request): boolean => req.query.print === '1';

export const codeParam = (req: Request): string => String(req.params.code ?? '');
