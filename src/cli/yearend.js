#!/usr/bin/env node
// The `yearend` command. TypeScript runs through tsx's loader, so the package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
// Exit explicitly: stdout and stderr are synchronous on Linux pipes and files, and a stray
// handle (a Redis reconnect timer) must not keep a finished command alive.
process.exit(await main(process.argv));
