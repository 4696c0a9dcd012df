// Reads a multipart upload with busboy, streaming each file to a temporary file (never the whole request in
// memory). Every stream has its error path: a cut or malformed body, a client that goes away or a request over
// its total becomes an UploadError with a Russian message and an HTTP status, never an uncaught exception.

import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Busboy from 'busboy';
import type { Request } from 'express';
import { fileSize } from '../format/numbers.js';

export interface UploadedFile {
  name: string;
  path: string;
  bytes: number;
  tooLarge: boolean;
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MultipartLimits {
  fileBytes: number;
  requestBytes: number;
  files: number;
}

/** Files of one request in their own folder (0700) under `root`; `dispose` removes it whatever happened. */
export interface Received {
  files: UploadedFile[];
  dispose: () => void;
}

const fileName = (raw: unknown): string => basename(String(raw ?? 'файл').replace(/\\/g, '/')).slice(0, 200) || 'файл';

/** Counts the request body and fails it once it passes the request total (chunked bodies declare no length). */
class Meter extends Transform {
  seen = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max)
      done(
        new UploadError(
          413,
          `Загрузка слишком большая: за один раз можно отправить не больше ${fileSize(this.max)}. Отправьте файлы по частям.`,
        ),
      );
    else done(null, chunk);
  }
}

export async function readFiles(req: Request, root: string, limits: MultipartLimits): Promise<Received> {
  let bb: ReturnType<typeof Busboy>;
  try {
    bb = Busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fileSize: limits.fileBytes, files: limits.files, fields: 10, fieldSize: 4096 },
    });
  } catch {
    throw new UploadError(
      400,
      'Некорректная отправка файлов: нет границы частей multipart/form-data. Отправьте файлы со страницы загрузки.',
    );
  }
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(root, 'upload-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const files: UploadedFile[] = [];
  const writes: Promise<void>[] = [];
  const sources: Readable[] = [];
  let writeError: unknown = null;
  bb.on('file', (_field, stream, info) => {
    const f: UploadedFile = {
      name: fileName(info.filename),
      path: join(dir, String(files.length)),
      bytes: 0,
      tooLarge: false,
    };
    files.push(f);
    sources.push(stream);
    stream.on('data', (c: Buffer) => {
      f.bytes += c.length;
    });
    stream.on('limit', () => {
      f.tooLarge = true;
    });
    // A failed write (a cut body ends the file stream with an error too) is this request's failure, reported once below.
    writes.push(
      pipeline(stream, createWriteStream(f.path, { mode: 0o600 })).catch((e: unknown) => {
        writeError ??= e;
      }),
    );
  });
  const meter = new Meter(limits.requestBytes);
  try {
    await pipeline(req, meter, bb);
    await Promise.all(writes);
    if (writeError) throw writeError;
  } catch (e) {
    // Streams of a failed body may never end by themselves: end them, wait for the writers to close, then clean up.
    for (const s of sources) s.destroy();
    await Promise.all(writes);
    dispose();
    if (e instanceof UploadError) throw e;
    if (req.destroyed && !req.complete)
      throw new UploadError(400, 'Передача файлов прервана до конца: файлы не получены полностью. Повторите загрузку.');
    throw new UploadError(
      400,
      `Некорректная отправка файлов: ${/Unexpected end of form/i.test(String((e as Error)?.message)) ? 'тело запроса оборвано до конца последнего файла' : 'запрос не разобран как multipart/form-data'}. Повторите загрузку со страницы загрузки.`,
    );
  }
  for (const f of files) if (f.tooLarge) rmSync(f.path, { force: true });
  return { files, dispose };
}
