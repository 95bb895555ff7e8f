/**
 * @packageDocumentation
 * Receiving-side reference: subscribe, decode, verify, de-duplicate
 */
export {};
