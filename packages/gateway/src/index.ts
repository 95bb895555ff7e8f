/**
 * @packageDocumentation
 * Edge gateway runtime: config, polling, normalization, uplink, CLI
 */
export {};
