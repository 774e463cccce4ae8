#!/usr/bin/env node
// Launches the TypeScript CLI through tsx so the repository needs no separate compile step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
