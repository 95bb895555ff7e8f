// Firecode bench firmware: an Arduino Uno that is a GST9000 fire panel's printer port. Each press of
// the button on D2 (to ground; the internal pull-up holds it high) prints the next event of the
// sequence fire alarm -> fault -> reset on the UART (D1 TX, 9600 8N1), as the panel does on its
// printer/CRT port. The LED (D13) lights while a record is being printed.
// See README.md in this folder for the wiring and what the gateway sees.
#include <Arduino.h>
#include <avr/sleep.h>

#include "Printout.h"

namespace {

constexpr uint8_t kButtonPin = 2;
constexpr uint8_t kLedPin = LED_BUILTIN;
// A contact must hold still this long to count: push buttons bounce for 1-10 ms.
constexpr uint16_t kDebounceMs = 30;

uint8_t nextEvent = 0;
bool stableLevel = HIGH;
bool lastLevel = HIGH;
uint32_t lastChangeMs = 0;

void writeByte(uint8_t byte) { Serial.write(byte); }

}  // namespace

void setup() {
  pinMode(kButtonPin, INPUT_PULLUP);
  pinMode(kLedPin, OUTPUT);
  Serial.begin(9600);
}

// Idle until the next interrupt (timer 0, every 1.024 ms): the button is sampled once a millisecond,
// plenty for a 30 ms debounce, and the board draws less (in simavr, the host's CPU too).
void idle() {
  set_sleep_mode(SLEEP_MODE_IDLE);
  sleep_mode();
}

void loop() {
  idle();
  const bool level = digitalRead(kButtonPin);
  const uint32_t now = millis();
  if (level != lastLevel) {
    lastLevel = level;
    lastChangeMs = now;
  }
  if (level == stableLevel || now - lastChangeMs < kDebounceMs) return;
  stableLevel = level;
  if (stableLevel != LOW) return;  // act on the press, not the release
  digitalWrite(kLedPin, HIGH);
  printRecord(kPrintoutEvents[nextEvent], now / 60000UL, writeByte);
  Serial.flush();
  digitalWrite(kLedPin, LOW);
  nextEvent = static_cast<uint8_t>((nextEvent + 1) % kPrintoutEventCount);
}
