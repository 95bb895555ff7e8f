// A Modbus RTU slave for an ATmega328P (Arduino Uno) on USART0, small enough to leave most of the
// board to the application: functions 03, 04, 06 and 16, exception responses 01/02/03, frames ended
// by 3.5 character times of silence (timestamped in the receive interrupt, judged in poll()), an
// RS-485 transceiver's DE/RE pin raised for exactly the reply, and counters for the line's health.
//
// It drives USART0 itself (not HardwareSerial), so a sketch using it must not use Serial.
#pragma once
#include <stdint.h>

#include "RegisterMap.h"

namespace firecode {

// What the slave saw on the line since begin(). Each counter wraps at 65535.
struct ModbusCounters {
  uint16_t frames;         // complete frames with a good CRC, for any unit
  uint16_t crcErrors;      // complete frames whose CRC did not match (or shorter than 4 bytes)
  uint16_t exceptions;     // exception responses sent
  uint16_t overruns;       // bytes lost: the USART's data overrun, or a frame longer than 256 bytes
  uint16_t framingErrors;  // characters with a bad stop bit (wrong baud rate, noise)
  uint16_t replies;        // responses sent, normal and exception
};

// Function codes a slave answers; others get exception 01.
enum ModbusFunctionMask : uint8_t {
  FC03_READ_HOLDING = 1 << 0,
  FC04_READ_INPUT = 1 << 1,
  FC06_WRITE_SINGLE = 1 << 2,
  FC16_WRITE_MULTIPLE = 1 << 3,
};

class ModbusSlave {
 public:
  // dePin: the transceiver's DE and /RE (tied together), or -1 for a full-duplex or USB link.
  ModbusSlave(RegisterMap &map, int8_t dePin, uint8_t functions);

  // Configures USART0 (8N1) and the DE pin, and starts listening as `unitId`.
  void begin(uint8_t unitId, uint32_t baud);
  // Both take effect immediately: call them from RegisterMap::afterReply(), never mid-reply.
  void setUnitId(uint8_t unitId) { unitId_ = unitId; }
  void setBaud(uint32_t baud);

  // Call from loop() at least once per character time: answers a request once its frame is complete.
  void poll();

  const ModbusCounters &counters() const { return counters_; }
  uint8_t unitId() const { return unitId_; }

  // The receive interrupt's half of the driver (public only for the ISR).
  static void onReceive();

 private:
  void handleFrame(uint8_t length);
  uint8_t readRegisters(RegisterTable table, uint8_t length, uint8_t *replyLength);
  uint8_t writeSingle(uint8_t length, uint8_t *replyLength);
  uint8_t writeMultiple(uint8_t length, uint8_t *replyLength);
  void send(uint8_t length);
  void sendException(uint8_t function, uint8_t code);

  RegisterMap &map_;
  int8_t dePin_;
  uint8_t functions_;
  uint8_t unitId_;
  uint16_t silenceUs_;
  ModbusCounters counters_;
};

}  // namespace firecode
