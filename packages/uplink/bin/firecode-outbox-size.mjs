#!/usr/bin/env node
// Sizes the outbox for an outage; see docs/uplink.md. Needs the built package (pnpm build).
import { runSizingCli } from '../dist/index.js';

process.exitCode = runSizingCli(process.argv.slice(2));
