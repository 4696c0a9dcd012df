// Checks an uploaded zip before any reader trusts it: that it is an xlsx at all (not a .docx, .ods, .xlsb or a plain
// archive) and that it does not inflate beyond what the process can hold. Entries are inflated as a stream and
// counted, so sizes declared in the zip headers (which a zip bomb can fake) are never trusted. The streaming reader
// (xlsx-stream.ts) rides on the same pass: it reads the parts it needs through readPart and scans every sheet
// through a sink while the guard counts bytes.
import { FileRejected } from '../types.js';
import { asBuffer, centralDirectory, type Entry, entryData, inflateText, scan } from './zip.js';

const MIB = 1024 * 1024;
const envNumber = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

/**
 * Limits for one xlsx. The part and total sizes bound what is held in memory whole: every part for the exceljs
 * reader, which keeps the whole workbook (≈ 600 bytes per cell, measured on a 250 000-cell ВПР export: 2 million
 * cells is ≈ 1.3 GB), and the shared strings, styles and book parts for the streaming reader. Sheets the streaming
 * reader takes are held one row at a time: they need no cell cap and count against `maxStreamedBytes` only (which
 * bounds the time a bomb can cost; a 100 000-row ВПР export as ФИС ОКО writes it inflates to 168 MB).
 */
export const XLSX_LIMITS = {
  maxEntryBytes: envNumber('ORIENTIR_XLSX_MAX_PART_MB', 100) * MIB, // one inflated part (a sheet, the shared strings…)
  maxTotalBytes: envNumber('ORIENTIR_XLSX_MAX_TOTAL_MB', 256) * MIB, // all parts together
  maxCells: envNumber('ORIENTIR_XLSX_MAX_CELLS', 2_000_000),
  maxStreamedBytes: envNumber('ORIENTIR_XLSX_MAX_STREAMED_MB', 1024) * MIB, // all sheets read row by row
  maxEntries: 10_000,
};

const mb = (n: number): string => `${Math.round(n / MIB).toLocaleString('ru-RU')} МБ`;

/** What kind of zip this is, when it is not an xlsx: a Russian explanation, or null for an xlsx. */
function notXlsx(names: Set<string>, b: Buffer, entries: Entry[], fileName: string): string | null {
  if (names.has('xl/workbook.xml')) return null;
  const f = `Файл «${fileName}»`;
  if (names.has('xl/workbook.bin'))
    return `${f} — двоичная книга Excel (.xlsb). Откройте её в Excel и сохраните как «Книга Excel (.xlsx)», затем загрузите снова.`;
  if (names.has('word/document.xml'))
    return `${f} — документ Word (.docx), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  if (names.has('ppt/presentation.xml'))
    return `${f} — презентация PowerPoint (.pptx), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  if (names.has('mimetype') || names.has('content.xml')) {
    const m = entries.find((e) => e.name === 'mimetype');
    const type = m && m.method === 0 ? entryData(b, m, fileName).toString('latin1') : '';
    if (/spreadsheet/.test(type) || !type)
      return `${f} — таблица OpenDocument (.ods, LibreOffice/МойОфис). Сохраните её как «Книга Excel (.xlsx)» и загрузите снова.`;
    return `${f} — документ OpenDocument (${type.replace(/^application\//, '')}), а не таблица Excel. Загрузите выгрузку в формате .xlsx или CSV.`;
  }
  const inner = [...names].filter((n) => /\.(xlsx|xls|csv|txt)$/i.test(n));
  if (inner.length > 0)
    return `${f} — это архив ZIP с файлами внутри (${inner
      .slice(0, 3)
      .map((n) => `«${n.split('/').pop()}»`)
      .join(', ')}${inner.length > 3 ? ' …' : ''}). Распакуйте архив и загрузите файлы по отдельности.`;
  return `${f} — архив ZIP, но не книга Excel (.xlsx): внутри нет листов книги. Загрузите выгрузку в формате .xlsx или CSV.`;
}

/** Worksheet part → sheet name, from xl/workbook.xml and its relationships (for messages only). */
async function sheetNames(b: Buffer, byName: Map<string, Entry>, fileName: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wb = byName.get('xl/workbook.xml'),
    rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) return out;
  const small = async (e: Entry) => (await inflateText(b, e, fileName, 4 * MIB)) ?? '';
  const targets = new Map<string, string>();
  for (const m of (await small(rels)).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1],
      target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  for (const m of (await small(wb)).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1],
      id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const t = id ? targets.get(id) : undefined;
    if (name !== undefined && t)
      out.set(
        t,
        name
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&apos;/g, "'"),
      );
  }
  return out;
}

// A cell element, with or without a namespace prefix: <c r="A1" …>, <c>, <x:c …/>.
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;
const isSheetPart = (name: string): boolean => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);

/** Consumer of one sheet's inflated XML during the guard pass (the streaming reader's scan). */
export interface SheetSink {
  push(chunk: Buffer): void;
  end(): void;
  /** `<c>` elements seen, or null once the sink gave up on the sheet (then the guard counts them itself if asked). */
  readonly cells: number | null;
}

/** An xlsx zip that passed the container checks; parts are inflated through it so that the size limits hold. */
export class GuardedZip {
  readonly b: Buffer;
  readonly byName: Map<string, Entry>;
  private total = 0; // inflated bytes of parts held whole
  private streamed = 0; // inflated bytes of sheets read by the streaming reader
  private readonly read = new Set<string>();
  private readonly sizes = new Map<string, number>();
  private readonly cells = new Map<string, number | null>();

  private constructor(
    readonly fileName: string,
    bytes: Uint8Array,
    readonly entries: Entry[],
    readonly names: Map<string, string>,
  ) {
    this.b = asBuffer(bytes);
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /** Rejects zips that are not xlsx workbooks (or are encrypted), with a Russian message naming the file. */
  static async open(bytes: Uint8Array, fileName: string): Promise<GuardedZip> {
    const b = asBuffer(bytes);
    const entries = centralDirectory(b, fileName, XLSX_LIMITS.maxEntries);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const other = notXlsx(new Set(byName.keys()), b, entries, fileName);
    if (other) throw new FileRejected(other);
    if (entries.some((e) => e.flags & 1))
      throw new FileRejected(
        `Файл «${fileName}» зашифрован (защищён паролем). Откройте его в Excel, снимите пароль и сохраните, затем загрузите снова.`,
      );
    return new GuardedZip(fileName, bytes, entries, await sheetNames(b, byName, fileName));
  }

  sheetName(part: string): string | null {
    return this.names.get(part) ?? null;
  }

  /** A part as the subject of a size problem; '' for a named sheet, which is the issue's place (never restated). */
  private partLabel(name: string): string {
    return isSheetPart(name)
      ? this.names.has(name)
        ? ''
        : `лист «${name}» `
      : /sharedStrings\.xml$/i.test(name)
        ? 'таблица строк книги (sharedStrings.xml) '
        : `часть «${name}» `;
  }

  /** The rejection of a book over a limit, placed on the sheet when one is to blame; the file is the issue's place. */
  private tooBig(problem: string, sheet: string | null): FileRejected {
    return new FileRejected(
      `${problem} — файл слишком большой для загрузки. Такой объём не бывает в выгрузках ФИС ОКО, РЦОИ или журнала; разделите данные на несколько файлов или проверьте, что это нужный файл.`,
      sheet,
    );
  }

  /**
   * Inflates one entry, counting it against the limits; `onChunk` sees every chunk (false stops without error).
   * A sheet going to a healthy `sink` is not held in memory: it counts against the streamed budget instead of the
   * part and total limits, until the sink gives up on it (then the book goes to exceljs and the limits apply).
   */
  private async pass(e: Entry, onChunk: (c: Buffer) => boolean | string, sink?: SheetSink): Promise<void> {
    const L = XLSX_LIMITS;
    let size = 0,
      held = !sink;
    let problem: string | null = null;
    await scan(this.b, e, this.fileName, (chunk) => {
      size += chunk.length;
      if (sink) {
        sink.push(chunk);
        if (sink.cells !== null) {
          this.streamed += chunk.length;
          if (this.streamed > L.maxStreamedBytes) {
            problem = `листы книги в распакованном виде больше ${mb(L.maxStreamedBytes)}`;
            return false;
          }
          return true;
        }
      }
      this.total += held ? chunk.length : size;
      held = true;
      if (size > L.maxEntryBytes) {
        problem = `${this.partLabel(e.name)}в распакованном виде больше ${mb(L.maxEntryBytes)}`;
        return false;
      }
      if (this.total > L.maxTotalBytes) {
        problem = `книга в распакованном виде больше ${mb(L.maxTotalBytes)}`;
        return false;
      }
      const r = onChunk(chunk);
      if (typeof r === 'string') {
        problem = r;
        return false;
      }
      return r;
    });
    this.read.add(e.name);
    this.sizes.set(e.name, size);
    if (problem) throw this.tooBig(problem, isSheetPart(e.name) ? (this.names.get(e.name) ?? null) : null);
  }

  /** One whole part (null when absent), inflated under the limits; read before the other parts and not again. */
  async readPart(name: string): Promise<Buffer | null> {
    const e = this.byName.get(name);
    if (!e || e.name.endsWith('/')) return null;
    const parts: Buffer[] = [];
    await this.pass(e, (c) => {
      parts.push(c);
      return true;
    });
    return Buffer.concat(parts);
  }

  /**
   * Inflates every part not read yet. Sheets go to `sinkFor` when it gives a sink; the others have their cells
   * counted here, and without sinks at all the cell cap rejects the book as soon as it is exceeded.
   */
  async inspect(sinkFor?: (part: string) => SheetSink | null): Promise<void> {
    const cap = sinkFor ? Infinity : XLSX_LIMITS.maxCells;
    let cells = 0;
    for (const e of this.entries) {
      if (e.name.endsWith('/') || this.read.has(e.name)) continue;
      if (!isSheetPart(e.name)) {
        await this.pass(e, () => true);
        continue;
      }
      const sink = sinkFor?.(e.name) ?? null;
      if (sink) {
        await this.pass(e, () => true, sink);
        sink.end();
        this.cells.set(e.name, sink.cells);
        continue;
      }
      const n = await this.countCells(e, cells, cap);
      cells += n;
      this.cells.set(e.name, n);
    }
  }

  private async countCells(e: Entry, before: number, cap: number): Promise<number> {
    let carry = '',
      n = 0;
    const counter = (chunk: Buffer): boolean | string => {
      const text = carry + chunk.toString('latin1');
      CELL.lastIndex = 0;
      for (let m = CELL.exec(text); m; m = CELL.exec(text)) if (m.index + m[0].length > carry.length) n++;
      carry = text.slice(-32);
      return before + n > cap ? this.cellProblem(e.name, n) : true;
    };
    if (this.read.has(e.name)) await scan(this.b, e, this.fileName, (c) => counter(c) === true);
    else await this.pass(e, counter);
    if (before + n > cap) throw this.tooBig(this.cellProblem(e.name, n), this.names.get(e.name) ?? null);
    return n;
  }

  private cellProblem(part: string, sheetCells: number): string {
    const where = this.names.has(part) ? 'на этом листе' : this.partLabel(part).trim();
    return `в книге больше ${XLSX_LIMITS.maxCells.toLocaleString('ru-RU')} ячеек (${where} не меньше ${sheetCells.toLocaleString('ru-RU')})`;
  }

  /**
   * The limits of a book held whole, for a book that goes to exceljs after an inspect with sinks: each part and the
   * total within the size limits (streamed sheets were exempt), then the cell cap, in zip order like the plain pass.
   */
  async enforceWholeBookLimits(): Promise<void> {
    const L = XLSX_LIMITS;
    let total = 0,
      cells = 0;
    for (const e of this.entries) {
      const size = this.sizes.get(e.name) ?? 0;
      total += size;
      const sheet = isSheetPart(e.name) ? (this.names.get(e.name) ?? null) : null;
      if (size > L.maxEntryBytes)
        throw this.tooBig(`${this.partLabel(e.name)}в распакованном виде больше ${mb(L.maxEntryBytes)}`, sheet);
      if (total > L.maxTotalBytes) throw this.tooBig(`книга в распакованном виде больше ${mb(L.maxTotalBytes)}`, sheet);
      if (!this.cells.has(e.name)) continue;
      const n = this.cells.get(e.name) ?? (await this.countCells(e, cells, L.maxCells));
      if (cells + n > L.maxCells) throw this.tooBig(this.cellProblem(e.name, n), sheet);
      cells += n;
    }
  }
}

/**
 * Rejects zips that are not xlsx workbooks and workbooks over XLSX_LIMITS, with a Russian message naming the file
 * (and the sheet). Memory stays bounded: each part is inflated in 256 KB chunks and only counted.
 */
export async function inspectXlsxZip(bytes: Uint8Array, fileName: string): Promise<void> {
  await (await GuardedZip.open(bytes, fileName)).inspect();
}

/**
 * Of the given formula cells of a sheet (exceljs reports a formula with no result for both), those with no cached
 * value element at all — never calculated — as opposed to `<v></v>`, a formula calculated to empty text.
 * Called only when such cells exist; the part's size was already bounded by inspectXlsxZip.
 */
export async function uncalculatedCells(bytes: Uint8Array, sheetName: string, refs: string[]): Promise<Set<string>> {
  const b = asBuffer(bytes);
  const entries = centralDirectory(b, '', XLSX_LIMITS.maxEntries);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const part = [...(await sheetNames(b, byName, '')).entries()].find(([, n]) => n === sheetName)?.[0];
  const entry = part ? byName.get(part) : undefined;
  if (!entry) return new Set(refs);
  const xml = (await inflateText(b, entry, '', XLSX_LIMITS.maxEntryBytes)) ?? '';
  const want = new Set(refs);
  const out = new Set<string>();
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const ref = /\br="([A-Z]+\d+)"/.exec(m[1]!)?.[1];
    if (ref && want.has(ref) && !/<v[\s>/]/.test(m[2] ?? '')) out.add(ref);
  }
  return out;
}
