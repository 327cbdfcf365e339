// `npm start`: the seed benchmark, results in bench/results/.
import { fileURLToPath } from 'node:url';
import { runSeedTable } from './lib/seed-table.js';

await runSeedTable({ resultsDir: fileURLToPath(new URL('./results/', import.meta.url)) });
