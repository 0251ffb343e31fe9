//! Bundles the extension with esbuild into dist/extension.js (one file, `vscode` left external),
//! after a full type check: esbuild only strips types.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

const minify = process.argv.includes('--minify');
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit'], { stdio: 'inherit' });
await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !minify,
  minify,
  logLevel: 'warning',
});
