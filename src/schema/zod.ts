/**
 * zod, configured once for this program. Every schema module imports `z` from here.
 *
 * jitless: zod 4 compiles a fast path for each object schema with `new Function` on its first
 * parse (zod/v4/core/schemas.js: `globalConfig.jitless` turns it off). A command parses a workload, a catalog and a
 * profile once each, so the compilation costs more than it saves (~10 ms of `rmq-plan size`'s
 * start-up, measured with `npm run bench:size`).
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
