#include "Settings.h"

#include <avr/eeprom.h>
#include <avr/pgmspace.h>

#include "ModbusCrc.h"

namespace {

constexpr uint16_t kMagic = 0xFC15;  // "Firecode, issue 15": a record this firmware wrote

struct Record {
  uint16_t magic;
  Settings settings;
  uint16_t crc;
};

Record EEMEM stored;

const uint32_t kBauds[8] PROGMEM = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

uint16_t crcOf(const Record &record) {
  return firecode::modbusCrc16(reinterpret_cast<const uint8_t *>(&record), sizeof(Record) - sizeof(uint16_t));
}

}  // namespace

void nominalCalibration(uint8_t inputMode, Settings *settings) {
  settings->inputMode = inputMode == INPUT_CURRENT ? INPUT_CURRENT : INPUT_VOLTAGE;
  // ADC sum = V / 5 V * 1024 * 16: 0.5 V -> 1638, 4.5 V -> 14746; 1 V -> 3277, 5 V -> 16368 (clipped).
  settings->calZero = settings->inputMode == INPUT_CURRENT ? 3277 : 1638;
  settings->calFull = settings->inputMode == INPUT_CURRENT ? kAdcSumMax : 14746;
}

void factorySettings(Settings *settings) {
  settings->unitId = 1;
  settings->baudCode = 3;  // 9600, the vendor's default
  settings->zeroOffset = 0;
  nominalCalibration(INPUT_VOLTAGE, settings);
}

bool loadSettings(Settings *settings) {
  Record record;
  eeprom_read_block(&record, &stored, sizeof(Record));
  if (record.magic != kMagic || record.crc != crcOf(record) || record.settings.unitId == 0 ||
      record.settings.baudCode > 7) {
    factorySettings(settings);
    return false;
  }
  *settings = record.settings;
  return true;
}

void saveSettings(const Settings &settings) {
  Record record;
  record.magic = kMagic;
  record.settings = settings;
  record.crc = crcOf(record);
  eeprom_update_block(&record, &stored, sizeof(Record));
}

uint32_t baudOf(uint8_t baudCode) { return pgm_read_dword(&kBauds[baudCode & 7]); }
