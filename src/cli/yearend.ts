#!/usr/bin/env node
// The `yearend` command. It runs compiled: `npm run build` (run by `npm install`/`npm ci` through
// `prepare`) turns this file into dist/src/cli/yearend.js, which package.json's `bin` names, so a
// start costs no TypeScript transpiling. During development `npx tsx src/cli/yearend.ts` runs the source.
import { main } from './main.ts';

// Exit explicitly: stdout and stderr are synchronous on Linux pipes and files, and a stray
// handle (a Redis reconnect timer) must not keep a finished command alive.
process.exit(await main(process.argv));
