// Firecode bench firmware: an Arduino Uno that is an MPD-380 pressure transmitter on RS-485.
// A0: the transducer (0.5-4.5 V, or 4-20 mA across a 250 ohm shunt). D0/D1: the RS-485 module's
// RO/DI. D3: its DE and /RE tied together.
// See README.md in this folder for the register map, calibration and flashing.
#include <Arduino.h>

#include "ModbusSlave.h"
#include "Settings.h"
#include "TransmitterMap.h"

namespace {

constexpr int8_t kDePin = 3;
constexpr uint8_t kSamplesPerValue = 16;

Settings settings;
TransmitterMap transmitter(settings);
firecode::ModbusSlave slave(transmitter, kDePin,
                            firecode::FC03_READ_HOLDING | firecode::FC04_READ_INPUT |
                                firecode::FC06_WRITE_SINGLE | firecode::FC16_WRITE_MULTIPLE);
uint16_t adcSum = 0;
uint8_t samples = 0;

}  // namespace

void setup() {
  loadSettings(&settings);
  analogReference(DEFAULT);  // AVcc, 5.00 V on an Uno: the calibration's reference
  transmitter.attach(&slave);
  transmitter.setAdcSum(static_cast<uint16_t>(analogRead(A0)) * kSamplesPerValue);
  slave.begin(settings.unitId, baudOf(settings.baudCode));
}

void loop() {
  slave.poll();
  // One conversion (~110 us) per pass keeps poll() frequent; every 16 the value is renewed.
  adcSum += static_cast<uint16_t>(analogRead(A0));
  if (++samples == kSamplesPerValue) {
    transmitter.setAdcSum(adcSum);
    adcSum = 0;
    samples = 0;
  }
  if (transmitter.takeSaveRequest()) saveSettings(settings);
}
