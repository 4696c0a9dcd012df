// Checks an uploaded zip before exceljs opens it: that it is an xlsx at all (not a .docx, .ods, .xlsb or a plain
// archive) and that it does not inflate beyond what the process can hold. Entries are inflated as a stream and
// counted, so sizes declared in the zip headers (which a zip bomb can fake) are never trusted.
import { createInflateRaw } from 'node:zlib';
import { FileRejected } from '../types.js';

const MIB = 1024 * 1024;
const envNumber = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

/**
 * Limits for one xlsx. exceljs keeps the whole workbook in memory (≈ 600 bytes per cell, measured on a 250 000-cell
 * ВПР export), so 2 million cells is ≈ 1.3 GB; a real regional ВПР export is ≈ 0.5 million cells.
 */
export const XLSX_LIMITS = {
  maxEntryBytes: envNumber('ORIENTIR_XLSX_MAX_PART_MB', 100) * MIB, // one inflated part (a sheet, the shared strings…)
  maxTotalBytes: envNumber('ORIENTIR_XLSX_MAX_TOTAL_MB', 256) * MIB, // all parts together
  maxCells: envNumber('ORIENTIR_XLSX_MAX_CELLS', 2_000_000),
  maxEntries: 10_000,
};

interface Entry { name: string; method: number; flags: number; compressedSize: number; localOffset: number }

const mb = (n: number): string => `${Math.round(n / MIB).toLocaleString('ru-RU')} МБ`;

function corrupted(fileName: string, what: string): FileRejected {
  return new FileRejected(`Файл «${fileName}» повреждён: ${what}. Возможно, он загружен не полностью — скачайте или сохраните его заново.`);
}

function centralDirectory(b: Buffer, fileName: string): Entry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw corrupted(fileName, 'архив ZIP обрывается (нет его оглавления)');
  const count = b.readUInt16LE(eocd + 10);
  const cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new FileRejected(`Файл «${fileName}» слишком большой для книги Excel (архив ZIP64).`);
  if (count > XLSX_LIMITS.maxEntries) throw new FileRejected(`Файл «${fileName}»: в архиве ${count} частей — это не похоже на книгу Excel.`);
  const out: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw corrupted(fileName, 'оглавление архива ZIP испорчено');
    const nameLen = b.readUInt16LE(p + 28), extraLen = b.readUInt16LE(p + 30), commentLen = b.readUInt16LE(p + 32);
    out.push({
      flags: b.readUInt16LE(p + 8), method: b.readUInt16LE(p + 10), compressedSize: b.readUInt32LE(p + 20),
      localOffset: b.readUInt32LE(p + 42), name: b.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryData(b: Buffer, e: Entry, fileName: string): Buffer {
  const p = e.localOffset;
  if (p + 30 > b.length || b.readUInt32LE(p) !== 0x04034b50) throw corrupted(fileName, `часть «${e.name}» архива не найдена`);
  const start = p + 30 + b.readUInt16LE(p + 26) + b.readUInt16LE(p + 28);
  if (start + e.compressedSize > b.length) throw corrupted(fileName, 'архив ZIP обрывается');
  return b.subarray(start, start + e.compressedSize);
}

/** What kind of zip this is, when it is not an xlsx: a Russian explanation, or null for an xlsx. */
function notXlsx(names: Set<string>, b: Buffer, entries: Entry[], fileName: string): string | null {
  if (names.has('xl/workbook.xml')) return null;
  const f = `Файл «${fileName}»`;
  if (names.has('xl/workbook.bin')) return `${f} — двоичная книга Excel (.xlsb). Откройте её в Excel и сохраните как «Книга Excel (.xlsx)», затем загрузите снова.`;
  if (names.has('word/document.xml')) return `${f} — документ Word (.docx), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  if (names.has('ppt/presentation.xml')) return `${f} — презентация PowerPoint (.pptx), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  if (names.has('mimetype') || names.has('content.xml')) {
    const m = entries.find((e) => e.name === 'mimetype');
    const type = m && m.method === 0 ? entryData(b, m, fileName).toString('latin1') : '';
    if (/spreadsheet/.test(type) || !type) return `${f} — таблица OpenDocument (.ods, LibreOffice/МойОфис). Сохраните её как «Книга Excel (.xlsx)» и загрузите снова.`;
    return `${f} — документ OpenDocument (${type.replace(/^application\//, '')}), а не таблица Excel. Загрузите выгрузку в формате .xlsx или CSV.`;
  }
  const inner = [...names].filter((n) => /\.(xlsx|xls|csv|txt)$/i.test(n));
  if (inner.length > 0) return `${f} — это архив ZIP с файлами внутри (${inner.slice(0, 3).map((n) => `«${n.split('/').pop()}»`).join(', ')}${inner.length > 3 ? ' …' : ''}). Распакуйте архив и загрузите файлы по отдельности.`;
  return `${f} — архив ZIP, но не книга Excel (.xlsx): внутри нет листов книги. Загрузите выгрузку в формате .xlsx или CSV.`;
}

/** Worksheet part → sheet name, from xl/workbook.xml and its relationships (for messages only). */
async function sheetNames(b: Buffer, byName: Map<string, Entry>, fileName: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wb = byName.get('xl/workbook.xml'), rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) return out;
  const small = async (e: Entry) => (await inflateText(b, e, fileName, 4 * MIB)) ?? '';
  const targets = new Map<string, string>();
  for (const m of (await small(rels)).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1], target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  for (const m of (await small(wb)).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1], id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const t = id ? targets.get(id) : undefined;
    if (name !== undefined && t) out.set(t, name.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'"));
  }
  return out;
}

async function inflateText(b: Buffer, e: Entry, fileName: string, max: number): Promise<string | null> {
  const parts: Buffer[] = [];
  let n = 0;
  const ok = await scan(b, e, fileName, (chunk) => { n += chunk.length; if (n > max) return false; parts.push(chunk); return true; });
  return ok ? Buffer.concat(parts).toString('utf8') : null;
}

/** Streams the inflated bytes of an entry to `onChunk` (false stops early); returns false when stopped. */
async function scan(b: Buffer, e: Entry, fileName: string, onChunk: (c: Buffer) => boolean): Promise<boolean> {
  const data = entryData(b, e, fileName);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 1 << 20) if (!onChunk(data.subarray(i, i + (1 << 20)))) return false;
    return true;
  }
  if (e.method !== 8) throw new FileRejected(`Файл «${fileName}»: часть «${e.name}» сжата неподдерживаемым способом (${e.method}). Сохраните книгу в Excel заново как .xlsx.`);
  const z = createInflateRaw({ chunkSize: 64 * 1024 });
  z.end(data);
  try {
    for await (const chunk of z) if (!onChunk(chunk as Buffer)) return false;
  } catch {
    throw corrupted(fileName, `часть «${e.name}» не распаковывается`);
  } finally {
    z.destroy();
  }
  return true;
}

// A cell element, with or without a namespace prefix: <c r="A1" …>, <c>, <x:c …/>.
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;

/**
 * Rejects zips that are not xlsx workbooks and workbooks over XLSX_LIMITS, with a Russian message naming the file
 * (and the sheet). Memory stays bounded: each part is inflated in 64 KB chunks and only counted.
 */
export async function inspectXlsxZip(bytes: Uint8Array, fileName: string): Promise<void> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(b, fileName);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const other = notXlsx(new Set(byName.keys()), b, entries, fileName);
  if (other) throw new FileRejected(other);
  if (entries.some((e) => e.flags & 1)) throw new FileRejected(`Файл «${fileName}» зашифрован (защищён паролем). Откройте его в Excel, снимите пароль и сохраните, затем загрузите снова.`);
  const names = await sheetNames(b, byName, fileName);
  const L = XLSX_LIMITS;
  let total = 0, cells = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name);
    const part = isSheet ? `лист «${names.get(e.name) ?? e.name}»` : /sharedStrings\.xml$/i.test(e.name) ? 'таблица строк книги (sharedStrings.xml)' : `часть «${e.name}»`;
    let size = 0, carry = '', sheetCells = 0;
    const found: { problem: string | null } = { problem: null };
    await scan(b, e, fileName, (chunk) => {
      size += chunk.length;
      total += chunk.length;
      if (size > L.maxEntryBytes) { found.problem = `${part} в распакованном виде больше ${mb(L.maxEntryBytes)}`; return false; }
      if (total > L.maxTotalBytes) { found.problem = `книга в распакованном виде больше ${mb(L.maxTotalBytes)}`; return false; }
      if (isSheet) {
        const text = carry + chunk.toString('latin1');
        CELL.lastIndex = 0;
        for (let m = CELL.exec(text); m; m = CELL.exec(text)) if (m.index + m[0].length > carry.length) { sheetCells++; cells++; }
        carry = text.slice(-32);
        if (cells > L.maxCells) { found.problem = `в книге больше ${L.maxCells.toLocaleString('ru-RU')} ячеек (${part}: не меньше ${sheetCells.toLocaleString('ru-RU')})`; return false; }
      }
      return true;
    });
    if (found.problem) {
      throw new FileRejected(`Файл «${fileName}» слишком большой для загрузки: ${found.problem}. Такой объём не бывает в выгрузках ФИС ОКО, РЦОИ или журнала; разделите данные на несколько файлов или проверьте, что это нужный файл.`,
        isSheet ? names.get(e.name) ?? null : null);
    }
  }
}

/**
 * Of the given formula cells of a sheet (exceljs reports a formula with no result for both), those with no cached
 * value element at all — never calculated — as opposed to `<v></v>`, a formula calculated to empty text.
 * Called only when such cells exist; the part's size was already bounded by inspectXlsxZip.
 */
export async function uncalculatedCells(bytes: Uint8Array, sheetName: string, refs: string[]): Promise<Set<string>> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(b, '');
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
