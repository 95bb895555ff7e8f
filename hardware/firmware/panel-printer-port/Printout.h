// The GST9000 fire panel's printer-port records (../shared/domain/devices.md), as the panel prints
// them: ESC '6', date and time, LF, "  LLL-PPP", LF, ESC '9', then GB2312 lines (event kind,
// location, device kind) and a blank line. The gateway's `gst9000-printer` panel driver parses them.
#pragma once
#include <stdint.h>

struct PrintoutEvent {
  uint8_t loop;
  uint8_t point;
  const char *kind;      // GB2312, in flash
  const char *location;  // GB2312, in flash
  const char *device;    // GB2312, in flash
};

// The events the button steps through, in order, then again from the first.
extern const PrintoutEvent kPrintoutEvents[];
extern const uint8_t kPrintoutEventCount;

// Writes one record with `write` (one byte at a time). `minutesSinceBoot` moves the printed clock on
// from the vendor sample's 08/12/02 17:24, since the board has no real-time clock.
void printRecord(const PrintoutEvent &event, uint32_t minutesSinceBoot, void (*write)(uint8_t));
