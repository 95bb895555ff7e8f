/**
 * @packageDocumentation
 * Simulated fire panels and transmitters as Modbus TCP/RTU slaves and panel serial ports
 */
export {};
