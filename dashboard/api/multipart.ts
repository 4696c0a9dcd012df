// Reads a multipart upload into memory with busboy; files over the size limit are marked, not kept.
import Busboy from 'busboy';
import type { Request } from 'express';
import { basename } from 'node:path';

export interface UploadedFile { name: string; bytes: Buffer; tooLarge: boolean }

export function readFiles(req: Request, maxBytes: number, maxFiles = 50): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: maxFiles, fields: 10, fieldSize: 4096 } });
    } catch (e) {
      reject(e);
      return;
    }
    const files: UploadedFile[] = [];
    bb.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      const f: UploadedFile = { name: basename(String(info.filename ?? 'файл').replace(/\\/g, '/')).slice(0, 200) || 'файл', bytes: Buffer.alloc(0), tooLarge: false };
      files.push(f);
      stream.on('data', (c: Buffer) => { if (!f.tooLarge) chunks.push(c); });
      stream.on('limit', () => { f.tooLarge = true; chunks.length = 0; });
      stream.on('close', () => { f.bytes = f.tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks); });
    });
    bb.on('error', reject);
    bb.on('close', () => resolve(files));
    req.pipe(bb);
  });
}
