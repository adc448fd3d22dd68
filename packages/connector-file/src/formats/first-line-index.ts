/**
 * The first line each key of a file was seen on, for the checks that a file names each id (or position) once.
 *
 * A `Map<string, number>` kept every key as a string of its own plus a map entry, about 44 bytes a row for a 7
 * character id, held while the file is read: 1,000,000 rows of one inbox file held ~40 MiB until its end (#14). Here
 * each key is stored once as UTF-8 bytes in one growing byte array, behind its line and length (6 bytes), and an
 * open-addressing table of 32-bit offsets into it finds them: about 20 bytes a row for the same ids.
 *
 * A probe compares the whole key, byte for byte, never a hash alone, so two different keys are never taken for one:
 * a false "already used" would reject a real row. Keys longer than a 16-bit length go to a plain map instead.
 */
export class FirstLineIndex {
  /** Entries one after another: line (4 bytes), key length in bytes (2), key bytes. */
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** Offset of an entry + 1 (0: empty slot), at the slot its key's hash starts probing from. */
  private slots = new Uint32Array(1 << 10);
  private count = 0;
  private readonly longKeys = new Map<string, number>();
  private static readonly encoder = new TextEncoder();
  private static readonly header = 6;
  private static readonly longestKey = 0xffff;

  /** The line `key` was first seen on; when it is new, remembers `line` for it and returns undefined. */
  claim(key: string, line: number): number | undefined {
    // At most 3 UTF-8 bytes per UTF-16 unit: room for the key where its entry would go, to encode it in place.
    const room = FirstLineIndex.header + key.length * 3;
    if (key.length * 3 > FirstLineIndex.longestKey) return this.claimLong(key, line);
    this.reserve(room);
    const start = this.used + FirstLineIndex.header;
    const { written } = FirstLineIndex.encoder.encodeInto(key, this.bytes.subarray(start));
    const hash = hashOf(this.bytes, start, written);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) {
        this.slots[slot] = this.used + 1;
        this.writeHeader(this.used, line, written);
        this.used = start + written;
        if (++this.count * 4 > this.slots.length * 3) this.growSlots();
        return undefined;
      }
      if (this.keyAt(entry - 1, start, written)) return this.lineAt(entry - 1);
    }
  }

  private claimLong(key: string, line: number): number | undefined {
    const earlier = this.longKeys.get(key);
    if (earlier === undefined) this.longKeys.set(key, line);
    return earlier;
  }

  private keyAt(offset: number, start: number, length: number): boolean {
    const { bytes } = this;
    const storedLength = (bytes[offset + 4] ?? 0) | ((bytes[offset + 5] ?? 0) << 8);
    if (storedLength !== length) return false;
    const stored = offset + FirstLineIndex.header;
    for (let index = 0; index < length; index++) if (bytes[stored + index] !== bytes[start + index]) return false;
    return true;
  }

  private lineAt(offset: number): number {
    const { bytes } = this;
    return (
      ((bytes[offset] ?? 0) |
        ((bytes[offset + 1] ?? 0) << 8) |
        ((bytes[offset + 2] ?? 0) << 16) |
        ((bytes[offset + 3] ?? 0) << 24)) >>>
      0
    );
  }

  private writeHeader(offset: number, line: number, length: number): void {
    const { bytes } = this;
    bytes[offset] = line & 0xff;
    bytes[offset + 1] = (line >>> 8) & 0xff;
    bytes[offset + 2] = (line >>> 16) & 0xff;
    bytes[offset + 3] = (line >>> 24) & 0xff;
    bytes[offset + 4] = length & 0xff;
    bytes[offset + 5] = (length >>> 8) & 0xff;
  }

  private reserve(room: number): void {
    if (this.used + room <= this.bytes.length) return;
    let size = this.bytes.length;
    // Grown by half, not doubled: at a million rows a doubling leaves up to half of a 20 MiB array unused.
    while (size < this.used + room) size = Math.ceil(size * 1.5);
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }

  private growSlots(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const entry of this.slots) {
      if (entry === 0) continue;
      const offset = entry - 1;
      const length = (this.bytes[offset + 4] ?? 0) | ((this.bytes[offset + 5] ?? 0) << 8);
      let slot = hashOf(this.bytes, offset + FirstLineIndex.header, length) & mask;
      while ((slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the bytes, 32 bits: cheap, and spreads ids that differ in their last digits (a1, a2, …). */
function hashOf(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < start + length; index++) hash = Math.imul(hash ^ (bytes[index] ?? 0), 0x01000193);
  return hash >>> 0;
}
