// The zip layer under both xlsx readers: the central directory (sizes in local headers are not trusted) and parts
// inflated as a stream by native node:zlib. No zip64, no encryption: zip-guard.ts refuses those with a message.
import { createInflateRaw } from 'node:zlib';
import { FileRejected } from '../types.js';

export interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

export function corrupted(fileName: string, what: string): FileRejected {
  return new FileRejected(
    `Файл «${fileName}» повреждён: ${what}. Возможно, он загружен не полностью — скачайте или сохраните его заново.`,
  );
}

export const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function centralDirectory(b: Buffer, fileName: string, maxEntries: number): Entry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupted(fileName, 'архив ZIP обрывается (нет его оглавления)');
  const count = b.readUInt16LE(eocd + 10);
  const cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw new FileRejected(`Файл «${fileName}» слишком большой для книги Excel (архив ZIP64).`);
  if (count > maxEntries)
    throw new FileRejected(`Файл «${fileName}»: в архиве ${count} частей — это не похоже на книгу Excel.`);
  const out: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50)
      throw corrupted(fileName, 'оглавление архива ZIP испорчено');
    const nameLen = b.readUInt16LE(p + 28),
      extraLen = b.readUInt16LE(p + 30),
      commentLen = b.readUInt16LE(p + 32);
    out.push({
      flags: b.readUInt16LE(p + 8),
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      localOffset: b.readUInt32LE(p + 42),
      name: b.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function entryData(b: Buffer, e: Entry, fileName: string): Buffer {
  const p = e.localOffset;
  if (p + 30 > b.length || b.readUInt32LE(p) !== 0x04034b50)
    throw corrupted(fileName, `часть «${e.name}» архива не найдена`);
  const start = p + 30 + b.readUInt16LE(p + 26) + b.readUInt16LE(p + 28);
  if (start + e.compressedSize > b.length) throw corrupted(fileName, 'архив ZIP обрывается');
  return b.subarray(start, start + e.compressedSize);
}

/**
 * The inflated bytes of an entry, chunk by chunk; stopping the iteration early stops inflating. Inflation runs on
 * the libuv thread pool, so it overlaps with whatever the consumer does with the previous chunk.
 */
export async function* inflateChunks(
  b: Buffer,
  e: Entry,
  fileName: string,
  chunkSize = 256 * 1024,
): AsyncGenerator<Buffer> {
  const data = entryData(b, e, fileName);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    return;
  }
  if (e.method !== 8)
    throw new FileRejected(
      `Файл «${fileName}»: часть «${e.name}» сжата неподдерживаемым способом (${e.method}). Сохраните книгу в Excel заново как .xlsx.`,
    );
  const z = createInflateRaw({ chunkSize });
  z.end(data);
  const it = z[Symbol.asyncIterator]();
  try {
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = (await it.next()) as IteratorResult<Buffer>;
      } catch {
        throw corrupted(fileName, `часть «${e.name}» не распаковывается`);
      }
      if (r.done) return;
      yield r.value;
    }
  } finally {
    z.destroy();
  }
}

/** Streams the inflated bytes of an entry to `onChunk` (false stops early); returns false when stopped. */
export async function scan(b: Buffer, e: Entry, fileName: string, onChunk: (c: Buffer) => boolean): Promise<boolean> {
  for await (const chunk of inflateChunks(b, e, fileName)) if (!onChunk(chunk)) return false;
  return true;
}

/** A whole part as text, or null when it inflates beyond `max` bytes. */
export async function inflateText(b: Buffer, e: Entry, fileName: string, max: number): Promise<string | null> {
  const parts: Buffer[] = [];
  let n = 0;
  const ok = await scan(b, e, fileName, (chunk) => {
    n += chunk.length;
    if (n > max) return false;
    parts.push(chunk);
    return true;
  });
  return ok ? Buffer.concat(parts).toString('utf8') : null;
}
