// A parser for the small subset of Python literal syntax that .npy headers use
// (NumPy writes them with repr() and reads them with ast.literal_eval): dicts,
// tuples, lists, quoted strings, integers (Python 2's `3L` too), True, False, None.

export type PyValue = string | number | boolean | null | PyValue[] | PyTuple | PyDict;
/** A Python tuple, kept apart from lists because .npy shapes must be tuples. */
export class PyTuple { constructor(readonly items: PyValue[]) {} }
/** A Python dict with string keys (the only keys .npy headers use). */
export class PyDict { constructor(readonly entries: Map<string, PyValue>) {} }

/** Thrown for text that is not a supported Python literal; `message` says where. */
export class PyLiteralError extends Error {}

/** Parses `text` as one Python literal, allowing surrounding whitespace. */
export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new PyLiteralError(`${what} at character ${pos} of ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text)}`);
  };
  const skipSpace = (): void => { while (pos < text.length && /\s/.test(text[pos]!)) pos++; };
  const expect = (ch: string): void => { skipSpace(); if (text[pos] !== ch) fail(`expected '${ch}'`); pos++; };

  // Parses `item (',' item)* ','?` up to `close`; returns whether a comma was seen.
  const sequence = (close: string, item: () => void): boolean => {
    let comma = false;
    for (;;) {
      skipSpace();
      if (text[pos] === close) { pos++; return comma; }
      item();
      skipSpace();
      if (text[pos] === ',') { pos++; comma = true; continue; }
      if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
  };

  const str = (): string => {
    const quote = text[pos]!;
    pos++;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') {
        const next = text[pos + 1];
        if (next === undefined) fail('unterminated escape');
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next!;
        pos += 2;
      } else {
        out += text[pos++];
      }
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  const value = (): PyValue => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const entries = new Map<string, PyValue>();
      sequence('}', () => {
        skipSpace();
        const key = value();
        if (typeof key !== 'string') fail('expected a string key');
        expect(':');
        if (entries.has(key as string)) fail(`repeated key '${key as string}'`);
        entries.set(key as string, value());
      });
      return new PyDict(entries);
    }
    if (ch === '(') {
      pos++;
      const items: PyValue[] = [];
      const comma = sequence(')', () => { items.push(value()); });
      // `(x)` is just x in Python; a one-element tuple needs its comma.
      return items.length === 1 && !comma ? items[0]! : new PyTuple(items);
    }
    if (ch === '[') {
      pos++;
      const items: PyValue[] = [];
      sequence(']', () => { items.push(value()); });
      return items;
    }
    if (ch === "'" || ch === '"') return str();
    const m = /^(-?\d+)[lL]?|^(True|False|None)\b/.exec(text.slice(pos, pos + 40));
    if (m === null) return fail('expected a value');
    pos += m[0].length;
    if (m[2] !== undefined) return m[2] === 'None' ? null : m[2] === 'True';
    const n = Number(m[1]);
    if (!Number.isSafeInteger(n)) fail(`integer ${m[1]} is too large`);
    return n;
  };

  const result = value();
  skipSpace();
  if (pos !== text.length) fail('unexpected trailing text');
  return result;
}
