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

/** scijs `ndarray` objects (`stride`) and @stdlib ndarrays (`strides`). */
export interface NDArrayLike {
  data: ArrayLike<number>;
  shape: readonly number[];
  stride?: readonly number[];
  strides?: readonly number[];
  offset?: number;
}

export type ArrayInput = NDArray | NDArrayLike | NestedNumberArray;

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
