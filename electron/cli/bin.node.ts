import { run } from './outpost.node.ts';

process.exitCode = await run(process.argv.slice(2));
