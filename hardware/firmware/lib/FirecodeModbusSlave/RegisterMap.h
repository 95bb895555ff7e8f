// What a Modbus slave serves: the sketch implements this interface, the slave does the protocol.
#pragma once
#include <stdint.h>

namespace firecode {

// Modbus exception codes the slave answers with (Modbus Application Protocol V1.1b3, 7).
enum ModbusException : uint8_t {
  MODBUS_OK = 0,
  MODBUS_ILLEGAL_FUNCTION = 0x01,
  MODBUS_ILLEGAL_DATA_ADDRESS = 0x02,
  MODBUS_ILLEGAL_DATA_VALUE = 0x03,
};

// Which register table a read addresses: FC03 reads holding, FC04 reads input registers.
enum RegisterTable : uint8_t { HOLDING_REGISTERS = 0, INPUT_REGISTERS = 1 };

class RegisterMap {
 public:
  // Value of one register, or an exception code (MODBUS_ILLEGAL_DATA_ADDRESS for an unmapped one).
  virtual uint8_t readRegister(RegisterTable table, uint16_t address, uint16_t *value) = 0;
  // Checks a write without doing it (apply = false), or does it (apply = true). A multi-register
  // write (FC16) checks every register first, so a rejected request changes nothing.
  virtual uint8_t writeRegister(uint16_t address, uint16_t value, bool apply) = 0;
  // Called once a request's reply is on the wire (or, for a broadcast, once it is done): the time
  // to apply changes that would break the reply itself, such as a new unit id or baud rate.
  virtual void afterReply() {}

 protected:
  ~RegisterMap() {}
};

}  // namespace firecode
