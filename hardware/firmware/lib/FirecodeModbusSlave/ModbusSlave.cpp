#include "ModbusSlave.h"

#include <Arduino.h>
#include <avr/interrupt.h>
#include <avr/io.h>

#include "ModbusCrc.h"

namespace firecode {

namespace {

// One buffer for request and reply: the longest RTU ADU is 256 bytes, and an Uno has 2 KiB of RAM.
// The receiver is off while a reply is built and sent, so the two never overlap.
constexpr uint16_t kBufferSize = 256;
uint8_t buffer[kBufferSize];
volatile uint16_t rxLength = 0;
volatile uint32_t rxLastByteUs = 0;
volatile uint8_t rxOverruns = 0;
volatile uint8_t rxFramingErrors = 0;
volatile bool rxOverflowed = false;

// Bits per character on the line: start, 8 data, stop (8N1).
constexpr uint32_t kBitsPerChar = 10;

uint16_t get16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
void put16(uint8_t *p, uint16_t value) {
  p[0] = value >> 8;
  p[1] = value & 0xFF;
}

void receiverOn() {
  while (UCSR0A & _BV(RXC0)) (void)UDR0;  // drop whatever arrived while we were talking
  UCSR0B |= _BV(RXEN0) | _BV(RXCIE0);
}
void receiverOff() { UCSR0B &= static_cast<uint8_t>(~(_BV(RXEN0) | _BV(RXCIE0))); }

}  // namespace

ModbusSlave::ModbusSlave(RegisterMap &map, int8_t dePin, uint8_t functions)
    : map_(map), dePin_(dePin), functions_(functions), unitId_(1), silenceUs_(0), counters_() {}

void ModbusSlave::begin(uint8_t unitId, uint32_t baud) {
  unitId_ = unitId;
  if (dePin_ >= 0) {
    pinMode(dePin_, OUTPUT);
    digitalWrite(dePin_, LOW);  // listening
  }
  setBaud(baud);
}

void ModbusSlave::setBaud(uint32_t baud) {
  // Modbus over Serial Line V1.02, 2.5.1.1: 3.5 character times, fixed at 1750 us above 19200 baud.
  silenceUs_ = baud > 19200 ? 1750 : static_cast<uint16_t>((35UL * kBitsPerChar * 100000UL) / baud);
  // Double speed (U2X) halves the baud error at 115200 on a 16 MHz clock (2.1 % instead of 3.5 %).
  const uint16_t ubrr = static_cast<uint16_t>((F_CPU / 4 / baud - 1) / 2);
  uint8_t sreg = SREG;
  cli();
  UCSR0B = 0;
  // UDRE0 is read-only on the chip (writing it is ignored); simavr stores what is written, so keep it.
  UCSR0A = _BV(U2X0) | _BV(UDRE0);
  UBRR0H = ubrr >> 8;
  UBRR0L = ubrr & 0xFF;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);  // 8 data bits, no parity, 1 stop bit
  UCSR0B = _BV(TXEN0);
  rxLength = 0;
  SREG = sreg;
  receiverOn();
}

void ModbusSlave::onReceive() {
  const uint8_t status = UCSR0A;  // read before UDR0: reading UDR0 clears the error flags
  const uint8_t byte = UDR0;
  if (status & _BV(DOR0)) rxOverruns++;
  if (status & _BV(FE0)) rxFramingErrors++;
  const uint32_t now = micros();
  uint16_t length = rxLength;
  if (length < kBufferSize)
    buffer[length++] = byte;
  else
    rxOverflowed = true;
  rxLength = length;
  rxLastByteUs = now;
}

void ModbusSlave::poll() {
  const uint8_t sreg = SREG;
  cli();
  counters_.overruns += rxOverruns;
  counters_.framingErrors += rxFramingErrors;
  rxOverruns = 0;
  rxFramingErrors = 0;
  const uint16_t length = rxLength;
  // micros() is safe with interrupts off (it accounts for a pending timer overflow).
  if (length == 0 || micros() - rxLastByteUs < silenceUs_) {
    SREG = sreg;
    return;
  }
  // Take the frame and stop listening in one step: a byte slipping in between would be lost unseen.
  receiverOff();
  const bool overflowed = rxOverflowed;
  rxOverflowed = false;
  rxLength = 0;
  SREG = sreg;
  if (overflowed) {
    counters_.overruns++;
  } else if (length < 4) {
    counters_.crcErrors++;  // too short to carry a CRC: noise, or the tail of a frame we missed
  } else {
    const uint8_t n = static_cast<uint8_t>(length);  // < 256: an overflow would have been caught
    const uint16_t crc = modbusCrc16(buffer, n - 2);
    if (buffer[n - 2] != (crc & 0xFF) || buffer[n - 1] != (crc >> 8)) {
      counters_.crcErrors++;
    } else {
      counters_.frames++;
      if (buffer[0] == unitId_ || buffer[0] == 0) handleFrame(n - 2);
    }
  }
  receiverOn();
}

void ModbusSlave::handleFrame(uint8_t length) {
  const bool broadcast = buffer[0] == 0;
  const uint8_t function = buffer[1];
  uint8_t replyLength = 0;
  uint8_t code;
  switch (function) {
    case 0x03:
    case 0x04:
      if (broadcast) return;  // a read has no meaning as a broadcast: nobody may answer
      code = (functions_ & (function == 0x03 ? FC03_READ_HOLDING : FC04_READ_INPUT))
                 ? readRegisters(function == 0x03 ? HOLDING_REGISTERS : INPUT_REGISTERS, length, &replyLength)
                 : static_cast<uint8_t>(MODBUS_ILLEGAL_FUNCTION);
      break;
    case 0x06:
      code = (functions_ & FC06_WRITE_SINGLE) ? writeSingle(length, &replyLength)
                                              : static_cast<uint8_t>(MODBUS_ILLEGAL_FUNCTION);
      break;
    case 0x10:
      code = (functions_ & FC16_WRITE_MULTIPLE) ? writeMultiple(length, &replyLength)
                                                : static_cast<uint8_t>(MODBUS_ILLEGAL_FUNCTION);
      break;
    default:
      code = MODBUS_ILLEGAL_FUNCTION;
  }
  if (broadcast) {
    map_.afterReply();
    return;
  }
  if (code != MODBUS_OK)
    sendException(function, code);
  else
    send(replyLength);
  map_.afterReply();
}

uint8_t ModbusSlave::readRegisters(RegisterTable table, uint8_t length, uint8_t *replyLength) {
  if (length != 6) return MODBUS_ILLEGAL_DATA_VALUE;
  const uint16_t address = get16(buffer + 2);
  const uint16_t count = get16(buffer + 4);
  if (count < 1 || count > 125) return MODBUS_ILLEGAL_DATA_VALUE;
  if (static_cast<uint32_t>(address) + count > 0x10000UL) return MODBUS_ILLEGAL_DATA_ADDRESS;
  // Check every register before building the reply over the request.
  uint16_t value;
  for (uint16_t i = 0; i < count; i++) {
    const uint8_t code = map_.readRegister(table, address + i, &value);
    if (code != MODBUS_OK) return code;
  }
  buffer[2] = static_cast<uint8_t>(count * 2);
  for (uint16_t i = 0; i < count; i++) {
    map_.readRegister(table, address + i, &value);
    put16(buffer + 3 + 2 * i, value);
  }
  *replyLength = static_cast<uint8_t>(3 + count * 2);
  return MODBUS_OK;
}

uint8_t ModbusSlave::writeSingle(uint8_t length, uint8_t *replyLength) {
  if (length != 6) return MODBUS_ILLEGAL_DATA_VALUE;
  const uint16_t address = get16(buffer + 2);
  const uint16_t value = get16(buffer + 4);
  uint8_t code = map_.writeRegister(address, value, false);
  if (code != MODBUS_OK) return code;
  map_.writeRegister(address, value, true);
  *replyLength = 6;  // the echo of the request
  return MODBUS_OK;
}

uint8_t ModbusSlave::writeMultiple(uint8_t length, uint8_t *replyLength) {
  if (length < 7) return MODBUS_ILLEGAL_DATA_VALUE;
  const uint16_t address = get16(buffer + 2);
  const uint16_t count = get16(buffer + 4);
  const uint8_t bytes = buffer[6];
  if (count < 1 || count > 123 || bytes != count * 2 || length != 7 + bytes) return MODBUS_ILLEGAL_DATA_VALUE;
  if (static_cast<uint32_t>(address) + count > 0x10000UL) return MODBUS_ILLEGAL_DATA_ADDRESS;
  for (uint16_t i = 0; i < count; i++) {
    const uint8_t code = map_.writeRegister(address + i, get16(buffer + 7 + 2 * i), false);
    if (code != MODBUS_OK) return code;
  }
  for (uint16_t i = 0; i < count; i++) map_.writeRegister(address + i, get16(buffer + 7 + 2 * i), true);
  *replyLength = 6;  // unit, function, address, quantity
  return MODBUS_OK;
}

void ModbusSlave::sendException(uint8_t function, uint8_t code) {
  counters_.exceptions++;
  buffer[1] = function | 0x80;
  buffer[2] = code;
  send(3);
}

void ModbusSlave::send(uint8_t length) {
  buffer[0] = unitId_;
  const uint16_t crc = modbusCrc16(buffer, length);
  buffer[length] = crc & 0xFF;
  buffer[length + 1] = crc >> 8;
  const uint16_t total = length + 2;
  // Every wait is bounded: a USART that never reports must not hang the slave with the line held.
  // A character takes at most 3.5 / 3.5 of the silence time; four silences is ample.
  const uint32_t boundUs = 4UL * silenceUs_;
  if (dePin_ >= 0) digitalWrite(dePin_, HIGH);
  for (uint16_t i = 0; i < total; i++) {
    uint32_t started = micros();
    while (!(UCSR0A & _BV(UDRE0)) && micros() - started < boundUs) {
    }
    // TXC0 is cleared by writing 1; clear it just before the last byte so that it then means "the
    // last stop bit has left the shift register", the moment to release the line.
    if (i == total - 1) UCSR0A = static_cast<uint8_t>((UCSR0A & (_BV(U2X0) | _BV(UDRE0))) | _BV(TXC0));
    UDR0 = buffer[i];
  }
  const uint32_t started = micros();
  while (!(UCSR0A & _BV(TXC0)) && micros() - started < boundUs) {
  }
  if (dePin_ >= 0) digitalWrite(dePin_, LOW);
  counters_.replies++;
}

}  // namespace firecode

ISR(USART_RX_vect) { firecode::ModbusSlave::onReceive(); }
