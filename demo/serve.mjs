// `npm run demo`: bundles convnd for the browser and serves the demo page on localhost,
// cross-origin isolated (so the library's worker threads are available) under
// /isolated/ and without isolation under /plain/.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBrowserBundle } from '../tools/build-browser.mjs';
import { startStaticServer } from '../tools/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the bundle from the current sources and starts the server. */
export async function startDemoServer(port = 0) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'convnd-demo-')), 'convnd.js');
  await buildBrowserBundle({ outfile });
  const files = { '/convnd.js': { body: readFileSync(outfile) }, '/convnd.js.map': { body: readFileSync(`${outfile}.map`) } };
  for (const name of ['index.html', 'demo.js', 'worker.js', 'kernels.js']) files[`/${name}`] = { path: join(here, name) };
  return startStaticServer({ files, port });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startDemoServer(port);
  console.log(`convnd demo: open ${server.url}/isolated/  (threads; or ${server.url}/plain/ for one thread)`);
  console.log('Ctrl-C stops the server.');
}
