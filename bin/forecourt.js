#!/usr/bin/env node
// The `forecourt` command. TypeScript sources run through tsx's loader, so
// there is no separate build step between a clone and a running platform.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
// A failure sets the exit code; on success a command may have set its own (e.g. `check --fail-on-violation`).
if (code !== 0) process.exitCode = code;
