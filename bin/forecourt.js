#!/usr/bin/env node
// The `forecourt` command. TypeScript sources run through tsx's loader, so
// there is no separate build step between a clone and a running platform.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
// `serve` keeps running (its listener holds the event loop); other commands exit.
if (code !== 0 || !process.argv.slice(2).some((a) => a === 'serve')) process.exitCode = code;
