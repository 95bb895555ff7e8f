/**
 * @packageDocumentation
 * Modbus master: TCP, RTU, RTU-over-TCP transports, RS-485 bus scheduler, read planner
 */
export {};
