import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whether running from src/ under tsx or from dist/src/ after a build. */
export const PROJECT_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const at = parts.lastIndexOf('src');
  let root = parts.slice(0, at).join(path.sep) || path.sep;
  if (path.basename(root) === 'dist') root = path.dirname(root);
  return root;
})();

export const DEFAULT_KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
