import { isFirecodeError } from '@firecode/schema';
import { type ParseConfigOptions, parseConfig } from './parse.js';

/**
 * Test support: the lines of the GATEWAY_CONFIG_INVALID message `parseConfig` gives for `text` (one
 * `file:line:column: …` line per problem), or none when the text is valid.
 */
export function configProblems(text: string, options: ParseConfigOptions, fileName = 'gw.yaml'): string[] {
  try {
    parseConfig(text, fileName, options);
  } catch (error) {
    if (isFirecodeError(error, 'GATEWAY_CONFIG_INVALID')) return error.message.split('\n');
    throw error;
  }
  return [];
}
