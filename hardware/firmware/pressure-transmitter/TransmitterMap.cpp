#include "TransmitterMap.h"

using firecode::MODBUS_ILLEGAL_DATA_ADDRESS;
using firecode::MODBUS_ILLEGAL_DATA_VALUE;
using firecode::MODBUS_OK;

int16_t TransmitterMap::value() const {
  const int32_t span = static_cast<int32_t>(settings_.calFull) - settings_.calZero;
  if (span <= 0) return INT16_MIN;  // calibration unusable: a value the gateway flags out of range
  const int32_t scaled =
      (static_cast<int32_t>(adcSum_) - settings_.calZero) * (kRangeFull - kRangeZero);
  // Round half away from zero, so that the quantisation error is symmetric around the true value.
  const int32_t rounded = (scaled >= 0 ? scaled + span / 2 : scaled - span / 2) / span;
  int32_t result = kRangeZero + rounded + settings_.zeroOffset;
  if (result > INT16_MAX) result = INT16_MAX;
  if (result < INT16_MIN + 1) result = INT16_MIN + 1;
  return static_cast<int16_t>(result);
}

uint8_t TransmitterMap::readRegister(firecode::RegisterTable, uint16_t address, uint16_t *out) {
  // FC03 and FC04 see the same map, as on the OEM boards this family is built on.
  switch (address) {
    case reg::kUnitId: *out = settings_.unitId; return MODBUS_OK;
    case reg::kBaudCode: *out = settings_.baudCode; return MODBUS_OK;
    case reg::kUnitCode: *out = kUnitCodeBar; return MODBUS_OK;
    case reg::kDecimals: *out = kDecimalPlaces; return MODBUS_OK;
    case reg::kValue: *out = static_cast<uint16_t>(value()); return MODBUS_OK;
    case reg::kRangeZero: *out = static_cast<uint16_t>(kRangeZero); return MODBUS_OK;
    case reg::kRangeFull: *out = static_cast<uint16_t>(kRangeFull); return MODBUS_OK;
    case reg::kZeroOffset: *out = static_cast<uint16_t>(settings_.zeroOffset); return MODBUS_OK;
    case reg::kCalZero: *out = settings_.calZero; return MODBUS_OK;
    case reg::kCalFull: *out = settings_.calFull; return MODBUS_OK;
    case reg::kInputMode: *out = settings_.inputMode; return MODBUS_OK;
    case reg::kRawAdc: *out = adcSum_; return MODBUS_OK;
    default: break;
  }
  // The rest of the vendor's block 0x0000-0x0010 reads as 0 (the real device answers a block read
  // across it), including the write-only save and factory-reset commands.
  if (address <= reg::kFactoryReset) {
    *out = 0;
    return MODBUS_OK;
  }
  if (address >= reg::kCountersFirst && address <= reg::kCountersLast && slave_ != nullptr) {
    const firecode::ModbusCounters &c = slave_->counters();
    const uint16_t values[] = {c.frames, c.crcErrors, c.exceptions, c.overruns, c.framingErrors, c.replies};
    *out = values[address - reg::kCountersFirst];
    return MODBUS_OK;
  }
  return MODBUS_ILLEGAL_DATA_ADDRESS;
}

uint8_t TransmitterMap::writeRegister(uint16_t address, uint16_t value, bool apply) {
  const int16_t signedValue = static_cast<int16_t>(value);
  switch (address) {
    case reg::kUnitId:  // persisted at once, answered from the old id, then applied
      if (value < 1 || value > 255) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply && settings_.unitId != value) {
        settings_.unitId = static_cast<uint8_t>(value);
        lineChanged_ = saveRequested_ = true;
      }
      return MODBUS_OK;
    case reg::kBaudCode:
      if (value > 7) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply && settings_.baudCode != value) {
        settings_.baudCode = static_cast<uint8_t>(value);
        lineChanged_ = saveRequested_ = true;
      }
      return MODBUS_OK;
    case reg::kZeroOffset:  // effective at once, kept over a power cycle only after a save
      if (signedValue < -kRangeFull || signedValue > kRangeFull) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply) settings_.zeroOffset = signedValue;
      return MODBUS_OK;
    case reg::kSave:
      if (value != 1) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply) saveRequested_ = true;
      return MODBUS_OK;
    case reg::kFactoryReset:
      if (value != 1) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply) {
        factorySettings(&settings_);
        lineChanged_ = saveRequested_ = true;
      }
      return MODBUS_OK;
    case reg::kCalZero:
    case reg::kCalFull:
      if (value > kAdcSumMax) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply) (address == reg::kCalZero ? settings_.calZero : settings_.calFull) = value;
      return MODBUS_OK;
    case reg::kInputMode:  // a new wiring starts from its nominal calibration
      if (value > INPUT_CURRENT) return MODBUS_ILLEGAL_DATA_VALUE;
      if (apply) nominalCalibration(static_cast<uint8_t>(value), &settings_);
      return MODBUS_OK;
    default:
      // Everything else (measured value, unit, range, counters, unmapped) is read-only or absent.
      return MODBUS_ILLEGAL_DATA_ADDRESS;
  }
}

void TransmitterMap::afterReply() {
  if (!lineChanged_ || slave_ == nullptr) return;
  lineChanged_ = false;
  slave_->setUnitId(settings_.unitId);
  slave_->setBaud(baudOf(settings_.baudCode));
}

bool TransmitterMap::takeSaveRequest() {
  const bool requested = saveRequested_;
  saveRequested_ = false;
  return requested;
}
