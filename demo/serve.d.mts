import type { StaticServer } from '../tools/static-server.mjs';
export function startDemoServer(port?: number): Promise<StaticServer>;
