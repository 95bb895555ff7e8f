// Firecode bench firmware: an Arduino Uno that is an MPD-380 pressure transmitter on RS-485.
// A0: the transducer (0.5-4.5 V, or 4-20 mA across a 250 ohm shunt). D0/D1: the RS-485 module's
// RO/DI. D3: its DE and /RE tied together.
// See README.md in this folder for the register map, calibration and flashing.
#include <Arduino.h>
#include <avr/sleep.h>

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

// A0's conversion runs in the ADC while the CPU sleeps (104 us at the core's 125 kHz ADC clock); loop()
// collects it when done and starts the next, instead of waiting in analogRead().
void startConversion() {
  ADMUX = _BV(REFS0);  // AVcc reference (analogReference(DEFAULT)), channel 0 = A0
  ADCSRA |= _BV(ADSC);
}

}  // namespace

void setup() {
  loadSettings(&settings);
  analogReference(DEFAULT);  // AVcc, 5.00 V on an Uno: the calibration's reference
  transmitter.attach(&slave);
  transmitter.setAdcSum(static_cast<uint16_t>(analogRead(A0)) * kSamplesPerValue);
  startConversion();
  slave.begin(settings.unitId, baudOf(settings.baudCode));
}

void loop() {
  slave.poll();
  if (!(ADCSRA & _BV(ADSC))) {  // a conversion is done: every 16 the value is renewed (about 60 Hz)
    adcSum += ADC;
    if (++samples == kSamplesPerValue) {
      transmitter.setAdcSum(adcSum);
      adcSum = 0;
      samples = 0;
    }
    startConversion();
  }
  if (transmitter.takeSaveRequest()) saveSettings(settings);
  // Idle until the next interrupt: a received byte, or timer 0 (every 1.024 ms, which also moves
  // micros() on). A loop-powered 4-20 mA transmitter has a few mA for everything; the USART, timers
  // and ADC keep running in idle mode. In simavr, sleeping cycles cost the host almost nothing.
  set_sleep_mode(SLEEP_MODE_IDLE);
  sleep_mode();
}
