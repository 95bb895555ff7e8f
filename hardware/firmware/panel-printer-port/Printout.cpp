#include "Printout.h"

#include <avr/pgmspace.h>

namespace {

// GB2312 texts. The fire record is the vendor document's sample byte for byte (printed within the
// first minute after power-on): 首次火警 "first fire alarm", 裙楼一层上空 "podium 1st floor, ceiling
// void", 感烟探测器 "smoke detector".
const char kFirstFire[] PROGMEM = "\xCA\xD7\xB4\xCE\xBB\xF0\xBE\xAF";
const char kPodiumCeiling[] PROGMEM = "\xC8\xB9\xC2\xA5\xD2\xBB\xB2\xE3\xC9\xCF\xBF\xD5";
const char kSmokeDetector[] PROGMEM = "\xB8\xD0\xD1\xCC\xCC\xBD\xB2\xE2\xC6\xF7";
const char kFault[] PROGMEM = "\xB9\xCA\xD5\xCF";                                // 故障 fault
const char kReset[] PROGMEM = "\xB8\xB4\xCE\xBB";                                // 复位 reset
const char kControlRoom[] PROGMEM = "\xCF\xFB\xB7\xC0\xBF\xD8\xD6\xC6\xCA\xD2";  // 消防控制室
const char kController[] PROGMEM = "\xBF\xD8\xD6\xC6\xC6\xF7";                   // 控制器 controller

constexpr uint8_t ESC = 0x1B;
constexpr uint8_t LF = 0x0A;

void writeFlash(const char *text, void (*write)(uint8_t)) {
  for (char c = static_cast<char>(pgm_read_byte(text)); c != 0; c = static_cast<char>(pgm_read_byte(++text)))
    write(static_cast<uint8_t>(c));
}

void writeDigits(uint16_t value, uint8_t width, void (*write)(uint8_t)) {
  char digits[5];
  for (int8_t i = width - 1; i >= 0; i--) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  for (uint8_t i = 0; i < width; i++) write(static_cast<uint8_t>(digits[i]));
}

}  // namespace

// Fire and fault on detector 004-004 and 004-005; a panel-level reset (loop 0, point 0).
const PrintoutEvent kPrintoutEvents[] = {
    {4, 4, kFirstFire, kPodiumCeiling, kSmokeDetector},
    {4, 5, kFault, kPodiumCeiling, kSmokeDetector},
    {0, 0, kReset, kControlRoom, kController},
};
const uint8_t kPrintoutEventCount = sizeof(kPrintoutEvents) / sizeof(kPrintoutEvents[0]);

void printRecord(const PrintoutEvent &event, uint32_t minutesSinceBoot, void (*write)(uint8_t)) {
  const uint32_t minuteOfDay = (17UL * 60 + 24 + minutesSinceBoot) % (24UL * 60);
  write(ESC);
  write('6');
  writeFlash(PSTR("08/12/02  "), write);
  writeDigits(static_cast<uint16_t>(minuteOfDay / 60), 2, write);
  write(':');
  writeDigits(static_cast<uint16_t>(minuteOfDay % 60), 2, write);
  write(LF);
  writeFlash(PSTR("  "), write);
  writeDigits(event.loop, 3, write);
  write('-');
  writeDigits(event.point, 3, write);
  write(LF);
  write(ESC);
  write('9');
  writeFlash(event.kind, write);
  write(LF);
  writeFlash(event.location, write);
  write(LF);
  writeFlash(event.device, write);
  write(LF);
  write(LF);
}
