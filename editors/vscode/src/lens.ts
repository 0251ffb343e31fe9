//! Code lens tooltips: the server keeps lens titles short ("6 concepts · 2 due · Quiz") and puts
//! what they stand for in `data.details` (the concepts, pitfalls first, marked ⚠), which VS Code
//! shows as the lens command's tooltip. No `vscode` import: unit-tested under node.

/** The tooltip a lens's `data` carries, if any. */
export function lensTooltip(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const details = (data as { details?: unknown }).details;
  return typeof details === 'string' && details.trim() !== '' ? details : undefined;
}
