import { it } from 'vitest';
import { runCli } from '../../src/commands/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
it('preview', async () => {
  for (const args of [[], ['--help'], ['size', '--help'], ['bogus'], ['size'], ['schema', '--bogus'], ['--version'], ['init', 'a', 'b'], ['sise', 'x']]) {
    const io = memoryIo();
    const code = await runCli(args, io);
    console.log(`=== ${args.join(' ')} → ${code}\n--- out:\n${io.out}--- err:\n${io.err}`);
  }
});
