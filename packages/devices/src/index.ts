/**
 * @packageDocumentation
 * Declarative device profiles and fire-panel serial drivers, normalized to the schema
 */
export {};
