// The MPD-380 pressure transmitter's register map (../shared/domain/devices.md; the gateway's
// shipped profile `mpd-380` in packages/devices/src/vendors/transmitters.ts), plus a calibration and
// diagnostics block of our own at 0x0020 and 0x0030 that the real device does not have.
#pragma once
#include <stdint.h>

#include "ModbusSlave.h"
#include "RegisterMap.h"
#include "Settings.h"

// Register addresses (wire addresses, 0-based).
namespace reg {
constexpr uint16_t kUnitId = 0x0000;
constexpr uint16_t kBaudCode = 0x0001;
constexpr uint16_t kUnitCode = 0x0002;
constexpr uint16_t kDecimals = 0x0003;
constexpr uint16_t kValue = 0x0004;
constexpr uint16_t kRangeZero = 0x0005;
constexpr uint16_t kRangeFull = 0x0006;
constexpr uint16_t kZeroOffset = 0x000C;
constexpr uint16_t kSave = 0x000F;
constexpr uint16_t kFactoryReset = 0x0010;
constexpr uint16_t kCalZero = 0x0020;
constexpr uint16_t kCalFull = 0x0021;
constexpr uint16_t kInputMode = 0x0022;
constexpr uint16_t kRawAdc = 0x0023;
constexpr uint16_t kCountersFirst = 0x0030;  // frames, CRC errors, exceptions, overruns, framing, replies
constexpr uint16_t kCountersLast = 0x0035;
}  // namespace reg

// The transducer: 0-16.00 bar (0-1.6 MPa), reported in bar with 2 decimals (MPD-380 unit code 3).
constexpr uint16_t kUnitCodeBar = 3;
constexpr uint16_t kDecimalPlaces = 2;
constexpr int16_t kRangeZero = 0;
constexpr int16_t kRangeFull = 1600;

class TransmitterMap : public firecode::RegisterMap {
 public:
  explicit TransmitterMap(Settings &settings) : settings_(settings) {}
  void attach(firecode::ModbusSlave *slave) { slave_ = slave; }

  // A new ADC sum (16 samples) from loop().
  void setAdcSum(uint16_t sum) { adcSum_ = sum; }
  int16_t value() const;

  uint8_t readRegister(firecode::RegisterTable table, uint16_t address, uint16_t *value) override;
  uint8_t writeRegister(uint16_t address, uint16_t value, bool apply) override;
  void afterReply() override;

  // True once after a write that must reach the EEPROM; loop() writes it, with the receiver on.
  bool takeSaveRequest();

 private:
  Settings &settings_;
  firecode::ModbusSlave *slave_ = nullptr;
  uint16_t adcSum_ = 0;
  bool saveRequested_ = false;
  bool lineChanged_ = false;  // unit id or baud changed: apply after the reply
};
