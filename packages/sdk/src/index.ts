/**
 * @packageDocumentation
 * Vendor SDK: publish high-rise fire code readings and events from your own device
 */
export {};
