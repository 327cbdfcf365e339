// Runs conformance cases against the convnd browser bundle and returns plain data
// (shapes, dtypes, values, bytes, error messages) for the Node side to check.
// Used on a page's main thread and inside a dedicated Worker.

function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function arrayOf(convnd, spec) {
  return convnd.array(spec.data, spec.shape, { dtype: spec.dtype, strides: spec.strides, offset: spec.offset });
}

function bytesToBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Values travel as the bytes of a Float64Array: exact bits, -0 and NaN included. */
function plain(result) {
  const values = Float64Array.from(result.data);
  return { shape: result.shape, dtype: result.dtype, data64: bytesToBase64(new Uint8Array(values.buffer)) };
}

/** convnd.a.b for the path 'a.b' (namespaces such as ndimage.gaussianFilter). */
function resolve(convnd, path) {
  const fn = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), convnd);
  if (typeof fn !== 'function') throw new Error(`convnd has no function ${path}`);
  return fn;
}

/** Arguments of a generic case: { array: spec } becomes an NDArray, also inside option objects. */
function argument(convnd, a) {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return a;
  if ('array' in a) return arrayOf(convnd, a.array);
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, argument(convnd, v)]));
}

function runCase(convnd, c) {
  switch (c.fn) {
    case 'call': {
      const result = resolve(convnd, c.call)(...c.args.map((a) => argument(convnd, a)));
      if (result !== null && typeof result === 'object' && 'data' in result) return plain(result);
      if (result !== null && typeof result === 'object') { // e.g. { gradInput, gradWeight, gradBias }
        return { fields: Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v && typeof v === 'object' && 'data' in v ? plain(v) : v])) };
      }
      return { value: result };
    }
    case 'convolve': case 'correlate': case 'fftconvolve': case 'oaconvolve':
      return plain(convnd[c.fn](arrayOf(convnd, c.in1), arrayOf(convnd, c.in2), c.opts));
    case 'chooseConvMethod':
      return { value: convnd.chooseConvMethod(arrayOf(convnd, c.in1), arrayOf(convnd, c.in2), c.opts) };
    case 'zeros':
      return plain(convnd.zeros(c.shape, c.dtype));
    case 'toNested':
      return { value: convnd.toNested(arrayOf(convnd, c.in1)) };
    case 'toNpy':
      return { bytes: bytesToBase64(convnd.toNpy(arrayOf(convnd, c.in1))) };
    case 'fromNpy':
      return plain(convnd.fromNpy(base64ToBytes(c.npyBase64)));
    case 'error':
      try {
        convnd[c.call](arrayOf(convnd, c.in1), arrayOf(convnd, c.in2), c.opts);
        return { error: null };
      } catch (e) {
        return { error: `${e.name}: ${e.message}` };
      }
    default:
      throw new Error(`unknown case kind ${c.fn}`);
  }
}

/**
 * Awaits ready(), then runs every case (a JSON string); a case that throws reports its
 * message. Returns the results as a JSON string (quicker to pass than large objects).
 */
export async function runCases(convnd, casesJson) {
  const cases = JSON.parse(casesJson);
  await convnd.ready();
  const results = [];
  for (const c of cases) {
    const t0 = performance.now();
    try {
      results.push({ id: c.id, ...runCase(convnd, c) });
    } catch (e) {
      results.push({ id: c.id, thrown: `${e.name}: ${e.message}` });
    }
    results[results.length - 1].ms = performance.now() - t0;
  }
  return JSON.stringify(results);
}
