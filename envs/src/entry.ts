/**
 * The entry of the installed package (package.json `publishConfig.exports`): checks the
 * Node version first (./require-node.ts), then exports the public API of ./index.ts.
 * Inside the repository the workspace imports ./index.ts directly.
 */
import './require-node';

export * from './index';
