export interface DemoKernel { data: Float32Array; size: number }
export function gaussianKernel(sigma: number): DemoKernel;
export function sobelKernel(): DemoKernel;
export function boxKernel(size: number): DemoKernel;
export function randomKernel(seed?: number, size?: number): DemoKernel;
export function parseKernel(text: string): DemoKernel;
export function toDisplay(values: ArrayLike<number>, kernel: DemoKernel): Uint8ClampedArray;
