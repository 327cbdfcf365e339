// Coefficients of the method cost model (seconds per feature unit, one thread); see
// method-costs.ts for the features. Provisional values until tools/calibrate-method.ts
// is run (it rewrites this file with the machine and date it measured).
export const COST_COEFFICIENTS = {
  float64: { direct: [1 / 15e9, 2e-9, 0.5e-9], fft: [1 / 2.7e9, 2e-9, 0.5e-9], oa: [1 / 2.7e9, 2e-9, 0.5e-9, 2e-6] },
  float32: { direct: [1 / 30e9, 2e-9, 0.5e-9], fft: [1 / 5.4e9, 2e-9, 0.5e-9], oa: [1 / 5.4e9, 2e-9, 0.5e-9, 2e-6] },
} as const;
export const COST_PROVENANCE = 'provisional';
