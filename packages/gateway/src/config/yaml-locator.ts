import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { ConfigPath } from './issues.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Maps a path in the parsed data (what zod reports) back to where it is written in the YAML text.
 * Follows the path as far as the document has it: a missing key is reported at its parent, which is
 * where the user has to add it.
 */
export class YamlLocator {
  readonly #document: Document;
  readonly #lines: LineCounter;

  constructor(document: Document, lines: LineCounter) {
    this.#document = document;
    this.#lines = lines;
  }

  /** Where `path` is written; `at: 'key'` points at the key of a mapping entry rather than its value. */
  locate(path: ConfigPath, at: 'key' | 'value' = 'value'): Position {
    let node: unknown = this.#document.contents;
    let lastPair: Pair | undefined;
    let lastNode: Node | undefined = isNodeLike(node) ? node : undefined;
    let complete = true;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        if (pair === undefined) {
          complete = false;
          break;
        }
        lastPair = pair;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        lastPair = undefined;
      } else {
        complete = false;
        break;
      }
      if (isNodeLike(node)) lastNode = node;
      else if (node === null || node === undefined) {
        // `key:` with nothing after it: the key is the only place there is.
        break;
      }
    }
    const keyNode = lastPair !== undefined && isNodeLike(lastPair.key) ? lastPair.key : undefined;
    const useKey = keyNode !== undefined && (at === 'key' || !complete || !isNodeLike(lastPair?.value));
    const offset = useKey ? keyNode.range?.[0] : lastNode?.range?.[0];
    return this.position(offset ?? 0);
  }

  /** Line and column of a character offset. */
  position(offset: number): Position {
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
