// CRC-16/MODBUS (polynomial 0xA001 reflected, initial value 0xFFFF). On the wire the CRC follows the
// frame low byte first. Bitwise rather than table-driven: 512 bytes of table would be 1.6 % of an
// Uno's flash, and at 115200 baud a byte arrives every 87 us, far longer than the 8 shifts take.
#pragma once
#include <stdint.h>

namespace firecode {

uint16_t modbusCrc16(const uint8_t *bytes, uint8_t length);

}  // namespace firecode
