// What the transmitter keeps in EEPROM across power cycles, guarded by a CRC so that a blank or
// half-written EEPROM falls back to the factory defaults instead of a random unit id.
#pragma once
#include <stdint.h>

// ADC readings are the sum of 16 10-bit samples (0-16368): one unit is 1/16 LSB.
constexpr uint16_t kAdcSumMax = 16 * 1023;

// How the transducer is wired to A0.
enum InputMode : uint8_t {
  INPUT_VOLTAGE = 0,  // 0.5-4.5 V output straight to A0
  INPUT_CURRENT = 1,  // 4-20 mA loop across a 250 ohm shunt to ground: 1-5 V at A0
};

struct Settings {
  uint8_t unitId;       // Modbus unit id, 1-255
  uint8_t baudCode;     // 0-7 = 1200 ... 115200
  int16_t zeroOffset;   // added to the value, in value units (0.01 bar)
  uint8_t inputMode;    // InputMode
  uint16_t calZero;     // ADC sum at range zero
  uint16_t calFull;     // ADC sum at range full scale
};

// The nominal calibration of an input mode with a 5.00 V reference: 0.5/4.5 V or 1/5 V.
void nominalCalibration(uint8_t inputMode, Settings *settings);
void factorySettings(Settings *settings);
// Reads the EEPROM; false (and the factory settings) when it holds no valid record.
bool loadSettings(Settings *settings);
// Writes only the bytes that changed (EEPROM cells wear out after ~100 000 writes).
void saveSettings(const Settings &settings);
// Baud rate of a code 0-7.
uint32_t baudOf(uint8_t baudCode);
