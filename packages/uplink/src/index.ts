/**
 * @packageDocumentation
 * Crash-safe store-and-forward outbox and MQTT publisher
 */
export {};
