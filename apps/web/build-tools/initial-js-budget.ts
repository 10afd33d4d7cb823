import { gzipSync } from 'node:zlib';
import type { Logger, Plugin, Rollup } from 'vite';

const isChunk = (output: Rollup.OutputAsset | Rollup.OutputChunk): output is Rollup.OutputChunk => output.type === 'chunk';

/**
 * Prints the JavaScript a first visit downloads before anything renders (the entry chunk and
 * everything it imports statically; lazy routes excluded) and fails the build when its gzipped
 * size passes the budget, so a heavy import in a shared module is caught where it lands.
 */
export function initialJsBudget({ budgetKb }: { budgetKb: number }): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'initial-js-budget',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).filter(isChunk).map((chunk) => [chunk.fileName, chunk]));
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        chunks.get(fileName)?.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);

      const sizes = [...initial].map((fileName) => ({ fileName, gzip: gzipSync(chunks.get(fileName)?.code ?? '').length }));
      const totalKb = sizes.reduce((sum, { gzip }) => sum + gzip, 0) / 1000;
      const lines = sizes.map(({ fileName, gzip }) => `  ${fileName}  ${(gzip / 1000).toFixed(2)} kB gzip`);
      const summary = `initial JavaScript: ${totalKb.toFixed(2)} kB gzip of a ${budgetKb} kB budget (${initial.size} chunk${initial.size === 1 ? '' : 's'})`;
      logger?.info(`\n${lines.join('\n')}\n${summary}`);
      if (totalKb > budgetKb) this.error(`${summary}: over budget. Lazy-load the heavy import or trim it.`);
    },
  };
}
