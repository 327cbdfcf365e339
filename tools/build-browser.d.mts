export interface BrowserBundle { outfile: string; bytes: number; gzipBytes: number }
export function buildBrowserBundle(options: { outfile: string; minify?: boolean }): Promise<BrowserBundle>;
