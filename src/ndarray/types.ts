/** Element type of every array convnd returns. */
export type DType = 'float32' | 'float64';

export type FloatArray = Float32Array | Float64Array;

/** What every function returns: a dense or strided view on a float typed array. */
export interface NDArray {
  data: FloatArray;
  shape: number[];
  /** In elements; row-major (C order) for returned arrays. */
  strides: number[];
  offset: number;
  dtype: DType;
}

/** number, number[], number[][], ... */
export type NestedNumberArray = number | readonly NestedNumberArray[];

/** Flat element storage accepted on input; 64-bit integer arrays are converted to float64. */
export type NumericData = ArrayLike<number> | BigInt64Array | BigUint64Array;

/**
 * scijs `ndarray` objects (`stride`) and @stdlib ndarrays (`strides`): element
 * `[i0, i1, ...]` is `data[offset + i0 * strides[0] + i1 * strides[1] + ...]`.
 */
export interface NDArrayLike {
  data: NumericData;
  shape: ArrayLike<number>;
  stride?: ArrayLike<number>;
  strides?: ArrayLike<number>;
  offset?: number;
}

/** A typed array read as a 1-d input (integer and BigInt types are converted to float64). */
export type TypedArrayInput =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export type ArrayInput = NDArray | NDArrayLike | NestedNumberArray | TypedArrayInput;

/**
 * The one normalised read-only view every internal function takes: same property
 * order for every input kind so V8 call sites stay monomorphic. `data` may be any
 * array-like (integer typed arrays are read as numbers); `dtype` is the dtype this
 * input contributes to the result (float32 only for Float32Array data).
 */
export interface View {
  data: ArrayLike<number>;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: DType;
}
