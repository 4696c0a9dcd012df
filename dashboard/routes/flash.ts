// The outcome of a form POST, shown once on the next page of the same session. Kept on the server, not passed in
// the URL: a crafted link must not make a page display arbitrary text.
import type { Request } from 'express';

export interface FlashMessage {
  ok: boolean;
  text: string;
}

export class Flash {
  private messages = new Map<string, FlashMessage>();

  say(req: Request, ok: boolean, text: string): void {
    if (this.messages.size >= 1000) this.messages.delete(this.messages.keys().next().value!);
    this.messages.set(req.session!.id, { ok, text: text.slice(0, 500) });
  }

  /** The session's message, removed as it is read. */
  take(req: Request): FlashMessage | undefined {
    const id = req.session!.id;
    const m = this.messages.get(id);
    this.messages.delete(id);
    return m;
  }
}
