// Shared helpers of the security tests: the route list read from the Express router stack, logged-in clients per
// role, and response bodies turned into searchable text (HTML/JSON/CSV as is, xlsx cell by cell via exceljs).

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import Papa from 'papaparse';
import { type AppOptions, createApp } from '../../dashboard/app.js';
import type { Store } from '../../store/db.js';
import { Client } from '../dashboard/http.js';

export interface Started {
  app: Express;
  base: string;
  close: () => Promise<void>;
}

/** The app on an ephemeral loopback port; unlike tests/dashboard/http.ts `listen`, the Express app is returned too. */
export async function start(store: Store, opts: AppOptions = {}): Promise<Started> {
  const app = await createApp(store, { sessionSecret: 'security-test-secret', ...opts });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    base,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface RouteKey {
  method: string;
  path: string;
}
export const routeId = (r: RouteKey): string => `${r.method} ${r.path}`;

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[]; name?: string };
  name?: string;
  rawPath?: unknown;
}

/** Global middleware allowed without a route entry: it must be mounted at '/' and never be a sub-application. */
export interface Middleware {
  name: string;
  path: string;
}

/**
 * Every route registered on the app (Express 5: app.router.stack), nested routers included. Middleware layers
 * are returned separately; a sub-application (mounted_app) cannot be enumerated and is reported as an error.
 */
export function enumerateRoutes(app: Express): { routes: RouteKey[]; middleware: Middleware[]; problems: string[] } {
  const routes: RouteKey[] = [],
    middleware: Middleware[] = [],
    problems: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path.flat(Infinity) : [layer.route.path];
        for (const p of paths) {
          for (const m of Object.keys(layer.route.methods))
            routes.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: prefix + String(p) });
        }
        continue;
      }
      const raw = layer.rawPath;
      const at = typeof raw === 'string' ? raw : JSON.stringify(String(raw));
      if (layer.handle?.stack) {
        if (typeof raw !== 'string') problems.push(`nested router at a non-string path ${at}`);
        walk(layer.handle.stack, prefix + (raw === '/' ? '' : String(raw)));
        continue;
      }
      if (layer.name === 'mounted_app')
        problems.push(`a sub-application is mounted at ${prefix}${at}: its routes cannot be enumerated`);
      middleware.push({ name: layer.name ?? '<anonymous>', path: prefix + at });
    }
  };
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('app.router is missing (Express 5 expected)');
  walk(router.stack, '');
  return { routes, middleware, problems };
}

export type Who = 'anon' | 'A' | 'B' | 'committee';
export const WHO: Who[] = ['anon', 'A', 'B', 'committee'];

export async function loginAs(base: string, login: string, password: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.login(login, password);
  if (r.status !== 303) throw new Error(`login ${login} failed: ${r.status}`);
  return c;
}

/** A response with its body read once: text for text types, the cell texts of a workbook for xlsx. */
export interface Got {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  bytes: Buffer;
  cells: string[] | null;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function read(res: Response): Promise<Got> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const cells = type.startsWith(XLSX) ? await xlsxCells(bytes) : type.startsWith('text/csv') ? csvCells(bytes) : null;
  const text = type.startsWith(XLSX) ? cells!.join('\n') : bytes.toString('utf8');
  return { status: res.status, type, headers: res.headers, text, bytes, cells };
}

/** Every cell of every sheet as text (shared strings resolved by exceljs); formulas as '=' + formula. */
export async function xlsxCells(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula) out.push(`=${cell.formula}`);
        else if (typeof cell.value === 'string') out.push(cell.value);
        else if (cell.value !== null && cell.value !== undefined) out.push(cell.text);
      }),
    ),
  );
  return out;
}

export function csvCells(bytes: Buffer): string[] {
  const parsed = Papa.parse<string[]>(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
    delimiter: ';',
    skipEmptyLines: true,
  });
  return parsed.data.flat();
}

/** xlsx rows (header row first) of the first sheet, cell values as exceljs reads them. */
export async function xlsxRows(bytes: Buffer): Promise<ExcelJS.CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: ExcelJS.CellValue[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

/** A spreadsheet cell a spreadsheet program could take for a formula: starts with = + - @ (tab/CR too), not a number. */
export const formulaLike = (cell: string): boolean =>
  /^[=+\-@\t\r]/.test(cell) && !/^-\d+(?:[.,]\d+)?(?:e[-+]?\d+)?$/i.test(cell);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
