/**
 * The lines of a downloaded JSON Lines file, read as the body arrives: what is held at any time is one network chunk
 * and the part of a line not yet ended, never the file. A line longer than `maxLineLength` characters stops the
 * read (bounded cost per input: a file without newlines would otherwise be held whole).
 */
export interface JsonLinesReader {
  /** The next line (without its newline), or undefined at the end of the file. Empty lines are returned too. */
  next(): Promise<string | undefined>;
  /** Bytes read from the body so far: what the download has delivered to this reader. */
  readonly bytesRead: number;
  /** Stops the download; later reads end. */
  cancel(): Promise<void>;
}

export class LineTooLongError extends Error {
  readonly maxLineLength: number;
  constructor(maxLineLength: number) {
    super(`a line is longer than ${maxLineLength} characters`);
    this.maxLineLength = maxLineLength;
  }
}

export function readJsonLines(body: ReadableStream<Uint8Array>, maxLineLength: number): JsonLinesReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let start = 0;
  let ended = false;
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async next() {
      for (;;) {
        const newline = pending.indexOf('\n', start);
        if (newline !== -1) {
          const line = pending.slice(start, newline);
          start = newline + 1;
          return line.endsWith('\r') ? line.slice(0, -1) : line;
        }
        pending = pending.slice(start);
        start = 0;
        if (pending.length > maxLineLength) {
          await reader.cancel().catch(() => undefined);
          throw new LineTooLongError(maxLineLength);
        }
        if (ended) {
          if (pending === '') return undefined;
          const last = pending;
          pending = '';
          return last;
        }
        const chunk = await reader.read();
        if (chunk.done) {
          ended = true;
          pending += decoder.decode();
        } else {
          bytesRead += chunk.value.byteLength;
          pending += decoder.decode(chunk.value, { stream: true });
        }
      }
    },
    async cancel() {
      ended = true;
      pending = '';
      await reader.cancel().catch(() => undefined);
    },
  };
}
