export interface StaticFile { path?: string; body?: string | Uint8Array }
export interface StaticServer { url: string; close(): Promise<void> }
export function startStaticServer(options: { files: Record<string, StaticFile>; port?: number }): Promise<StaticServer>;
