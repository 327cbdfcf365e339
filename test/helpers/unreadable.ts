// An array-like whose element `failAt` throws when read, standing in for a strided
// view's data that fails half-way through a copy (the feed tests use it).

export function unreadableAt(values: ArrayLike<number>, failAt: number): Float64Array {
  const data = new Proxy(Array.from(values), {
    get(target, p, receiver) {
      if (p === String(failAt)) throw new Error('unreadable element');
      return Reflect.get(target, p, receiver);
    },
  });
  // Read in place like a typed array by the copy routines (they index it).
  return data as unknown as Float64Array;
}
