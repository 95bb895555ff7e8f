/*
 * simavr-run: runs a firmware ELF on a simulated ATmega328P in real time, for tests and for people
 * without a board.
 *
 *   simavr-run --elf build/pressure-transmitter/pressure-transmitter.elf --pty /tmp/fw-tty
 *              [--mcu atmega328p] [--freq 16000000] [--eeprom file] [--de-pin D3]
 *
 * - UART0 is bridged to a pseudo-terminal; --pty makes a symlink to it. A gateway opens that path as
 *   it would open /dev/ttyUSB0. Bytes reach the firmware at the UART's baud rate (simavr models the
 *   USART's timing), and the simulation is paced to the wall clock, so 9600 baud takes real time.
 * - Commands on stdin, one per line:
 *     adc <channel> <millivolts>   the voltage on ADC<channel> (A0 = 0), AVcc = AREF = 5000 mV
 *     pin <port><bit> <0|1>        drive an input pin from outside, e.g. "pin D2 0" (button pressed)
 *     pulse <port><bit> <0|1> <us> drive it to that level for <us> microseconds of simulated time, then
 *                                  back: a button press (or a contact bounce) of an exact length;
 *                                  answered "ok" once the pin is back
 *     wait <us>                    answered "ok" once <us> microseconds of simulated time have passed
 *                                  (the simulation may run slower than the wall clock, never faster)
 *     stats                        print one "stats ..." line (see below)
 *     quit                         save the EEPROM (with --eeprom) and exit
 * - Stdout: "pty <path>" once the pty exists, "ready" once the firmware runs, "ok <command>" after each
 *   command, "stats key=value ..." for stats, "error <reason>" for a bad command.
 * - Input waits until the firmware first enables its receiver (booting); after that, bytes arriving
 *   while the receiver is off are lost, as on the chip.
 * - Output reaches the pty a frame at a time (after 1.5 ms of simulated silence), as from a USB-serial
 *   adapter, so that a stall of the host mid-frame does not split it.
 * - --de-pin watches the RS-485 driver enable: bytes the firmware sends while it is low would never
 *   reach an RS-485 line, so they are counted (de_low_bytes) next to those sent while it is high, and
 *   the time it stays high after a reply's last byte is written is measured (de_hold_min/max_us).
 *
 * Exit: 0 after quit or end of stdin, 1 when the firmware crashes, 2 on bad arguments or files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <avr_adc.h>
#include <avr_eeprom.h>
#include <avr_ioport.h>
#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_cycle_timers.h>
#include <sim_elf.h>
#include <sim_irq.h>

/* Instructions between two looks at the pty and stdin: about 250 us at 16 MHz, a quarter of a
 * character time at 9600 baud, so input is never late by more than that. */
#define STEPS_PER_SLICE 4000
/* Bytes from the pty not yet handed to the UART (the gateway writes whole frames, <= 256 bytes). */
#define PENDING_MAX 4096

static avr_t *avr;
static int pty_master = -1;
static uint8_t pending[PENDING_MAX];
static size_t pending_head, pending_len;
static bool uart_xon = true;
static bool de_high;
static bool watch_de;
static bool gate_on_receiver; /* the MCU is one whose UCSR0B address we know */
static uint64_t bytes_in, bytes_out, de_low_bytes, de_high_bytes, de_rises;
static double max_lag_ms;
static uint64_t slips;
static avr_cycle_count_t last_output_cycle; /* when the firmware last wrote a byte to the USART */ /* times the simulation fell more than 5 ms behind the wall clock */

/* What the firmware sent, not yet written to the pty. A frame goes out whole once the line has been
 * quiet for OUTPUT_GAP_US of simulated time, as a USB-serial adapter delivers it (they buffer for up
 * to 16 ms): then a host stall in the middle of a reply cannot cut it into pieces that the gateway
 * would, rightly, call truncated. The spacing of frames (t3.5 and more) is kept, in simulated time. */
#define OUTPUT_GAP_US 1500
static uint8_t output[PENDING_MAX];
static size_t output_len;

static void flush_output(void) {
  size_t done = 0;
  while (done < output_len) {
    ssize_t n = write(pty_master, output + done, output_len - done);
    if (n < 0) {
      /* Nobody has the pty open, or its 4 KiB queue is full: lost, as on a cable nobody listens to. */
      if (errno != EAGAIN && errno != EIO) perror("pty write");
      break;
    }
    done += (size_t)n;
  }
  output_len = 0;
}

static avr_cycle_count_t output_quiet(struct avr_t *sim, avr_cycle_count_t when, void *param) {
  (void)sim;
  (void)when;
  (void)param;
  flush_output();
  return 0;
}

static void on_uart_output(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)param;
  bytes_out++;
  last_output_cycle = avr->cycle;
  if (watch_de) {
    if (de_high)
      de_high_bytes++;
    else
      de_low_bytes++;
  }
  if (output_len == sizeof output) flush_output();
  output[output_len++] = (uint8_t)value;
  /* The timer moves with each byte: it fires OUTPUT_GAP_US after the last one. */
  avr_cycle_timer_cancel(avr, output_quiet, NULL);
  avr_cycle_timer_register_usec(avr, OUTPUT_GAP_US, output_quiet, NULL);
}

static void on_uart_xon(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xon = true;
}

static void on_uart_xoff(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xon = false;
}

/* DE turnaround: how long the driver stayed enabled after the last byte of a reply was handed to the
 * USART. At least one character time (the byte still has to be shifted out), and well under t3.5 (the
 * master may talk then). */
static double de_hold_min_us = -1, de_hold_max_us = -1;

static void on_de(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)param;
  const bool high = value != 0;
  if (high && !de_high) de_rises++;
  if (!high && de_high && last_output_cycle != 0) {
    const double hold_us = (double)(avr->cycle - last_output_cycle) * 1e6 / avr->frequency;
    if (de_hold_min_us < 0 || hold_us < de_hold_min_us) de_hold_min_us = hold_us;
    if (hold_us > de_hold_max_us) de_hold_max_us = hold_us;
  }
  de_high = high;
}

/* simavr's own sleep handler usleeps through the firmware's sleep; the pacing below already keeps the
 * simulation on the wall clock, so sleeping there too would only make it fall behind. */
static void no_sleep(struct avr_t *sim, avr_cycle_count_t how_long) {
  (void)sim;
  (void)how_long;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double sim_ms(void) { return (double)avr->cycle * 1e3 / avr->frequency; }

static int open_pty(const char *link_path) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) return -1;
  const char *slave_path = ptsname(master);
  /* Hold the slave open ourselves: then the master never reads EIO while the gateway reopens it,
   * and the raw mode set here stays until the gateway sets its own. */
  int slave = open(slave_path, O_RDWR | O_NOCTTY);
  if (slave < 0) return -1;
  struct termios tio;
  tcgetattr(slave, &tio);
  cfmakeraw(&tio);
  tcsetattr(slave, TCSANOW, &tio);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  if (link_path != NULL) {
    unlink(link_path);
    if (symlink(slave_path, link_path) < 0) {
      perror("symlink");
      return -1;
    }
  }
  printf("pty %s\n", link_path != NULL ? link_path : slave_path);
  return master;
}

/* UCSR0B and its RXEN0 bit on the ATmega48/88/168/328 family (the Uno's). Until the firmware first
 * switches its receiver on, input waits in the pty: simavr would drop it, and a gateway that opened the
 * port the moment the harness started would lose its first request to the board's boot. Other MCUs
 * (--mcu) get their input at once. */
#define UCSR0B_ADDR 0xC1
#define RXEN0_BIT 4
static bool receiver_ready;

static void feed_uart(void) {
  if (!receiver_ready) {
    if (gate_on_receiver && !(avr->data[UCSR0B_ADDR] & (1 << RXEN0_BIT))) return;
    receiver_ready = true;
  }
  if (pending_len == 0 && pty_master >= 0) {
    ssize_t n = read(pty_master, pending, sizeof pending);
    if (n > 0) {
      pending_head = 0;
      pending_len = (size_t)n;
      bytes_in += (uint64_t)n;
    }
  }
  avr_irq_t *input = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  /* simavr queues input in a small FIFO and raises XOFF when it is full; it then delivers one byte
   * per character time, as the wire would. */
  while (pending_len > 0 && uart_xon) {
    avr_raise_irq(input, pending[pending_head++]);
    pending_len--;
  }
}

/* The pulse under way (one at a time): its pin, the level it returns to, and the command to answer
 * "ok" to once it is over, so that a caller waiting for the answer knows the pin is released. */
static avr_irq_t *pulse_irq;
static uint32_t pulse_restore;
static char pulse_command[256];

static avr_cycle_count_t end_pulse(struct avr_t *sim, avr_cycle_count_t when, void *param) {
  (void)sim;
  (void)when;
  (void)param;
  avr_raise_irq(pulse_irq, pulse_restore);
  pulse_irq = NULL;
  printf("ok %s\n", pulse_command);
  return 0; /* once */
}

static char wait_command[256];
static bool waiting;

static avr_cycle_count_t end_wait(struct avr_t *sim, avr_cycle_count_t when, void *param) {
  (void)sim;
  (void)when;
  (void)param;
  waiting = false;
  printf("ok %s\n", wait_command);
  return 0;
}

static bool parse_pin(const char *name, char *port, int *bit) {
  if (name[0] < 'A' || name[0] > 'L' || name[1] < '0' || name[1] > '7' || name[2] != 0) return false;
  *port = name[0];
  *bit = name[1] - '0';
  return true;
}

static void print_stats(void) {
  printf("stats sim_ms=%.1f slips=%llu lag_max_ms=%.1f bytes_in=%llu bytes_out=%llu de_rises=%llu "
         "de_high_bytes=%llu de_low_bytes=%llu de_hold_min_us=%.0f de_hold_max_us=%.0f\n",
         sim_ms(), (unsigned long long)slips, max_lag_ms, (unsigned long long)bytes_in, (unsigned long long)bytes_out,
         (unsigned long long)de_rises, (unsigned long long)de_high_bytes, (unsigned long long)de_low_bytes,
         de_hold_min_us, de_hold_max_us);
}

/* One command line; false for quit. */
static bool command(char *line) {
  line[strcspn(line, "\r\n")] = 0;
  char word[16], arg[16];
  long value, micros = 0;
  int n = sscanf(line, "%15s %15s %ld %ld", word, arg, &value, &micros);
  if (n >= 1 && strcmp(word, "quit") == 0) return false;
  if (n >= 1 && strcmp(word, "stats") == 0) {
    print_stats();
    return true;
  }
  if (n == 3 && strcmp(word, "adc") == 0) {
    int channel = atoi(arg);
    if (channel < 0 || channel > 7 || value < 0 || value > 5000) {
      printf("error adc takes a channel 0-7 and 0-5000 mV, got \"%s\"\n", line);
      return true;
    }
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + channel), (uint32_t)value);
    printf("ok %s\n", line);
    return true;
  }
  char port;
  int bit;
  if (n == 3 && strcmp(word, "pin") == 0 && parse_pin(arg, &port, &bit) && (value == 0 || value == 1)) {
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit), (uint32_t)value);
    printf("ok %s\n", line);
    return true;
  }
  if (n == 2 && strcmp(word, "wait") == 0 && atol(arg) > 0 && atol(arg) <= 10000000 && !waiting) {
    waiting = true;
    snprintf(wait_command, sizeof wait_command, "%s", line);
    avr_cycle_timer_register_usec(avr, (uint32_t)atol(arg), end_wait, NULL);
    return true; /* answered by end_wait */
  }
  if (n == 4 && strcmp(word, "pulse") == 0 && parse_pin(arg, &port, &bit) && (value == 0 || value == 1) &&
      micros > 0 && micros <= 10000000) {
    if (pulse_irq != NULL) {
      printf("error a pulse is still under way: wait for its ok before \"%s\"\n", line);
      return true;
    }
    pulse_irq = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit);
    pulse_restore = value ? 0 : 1;
    snprintf(pulse_command, sizeof pulse_command, "%s", line);
    avr_raise_irq(pulse_irq, (uint32_t)value);
    avr_cycle_timer_register_usec(avr, (uint32_t)micros, end_pulse, NULL);
    return true; /* answered by end_pulse */
  }
  printf("error unknown command \"%s\" (adc <ch> <mV> | pin <Pn> <0|1> | pulse <Pn> <0|1> <us> | stats | quit)\n",
         line);
  return true;
}

static void eeprom_io(const char *path, bool save) {
  if (path == NULL) return;
  uint8_t bytes[1024];
  avr_eeprom_desc_t desc = {.ee = bytes, .offset = 0, .size = sizeof bytes};
  if (save) {
    avr_ioctl(avr, AVR_IOCTL_EEPROM_GET, &desc);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(desc.ee, 1, sizeof bytes, f) != sizeof bytes) perror(path);
    if (f != NULL) fclose(f);
    return;
  }
  FILE *f = fopen(path, "rb");
  if (f == NULL) return; /* first run: a blank (0xFF) EEPROM, as on a new chip */
  size_t n = fread(bytes, 1, sizeof bytes, f);
  fclose(f);
  desc.size = (uint32_t)n;
  if (n > 0) avr_ioctl(avr, AVR_IOCTL_EEPROM_SET, &desc);
}

static void usage(void) {
  fprintf(stderr,
          "usage: simavr-run --elf <file.elf> [--pty <link>] [--mcu atmega328p] [--freq 16000000]\n"
          "                  [--eeprom <file>] [--de-pin <Pn>, e.g. D3]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *elf = NULL, *link_path = NULL, *mcu = "atmega328p", *eeprom = NULL, *de_pin = NULL;
  uint32_t freq = 16000000;
  for (int i = 1; i < argc; i++) {
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (next == NULL) usage();
    if (strcmp(argv[i], "--elf") == 0) elf = next;
    else if (strcmp(argv[i], "--pty") == 0) link_path = next;
    else if (strcmp(argv[i], "--mcu") == 0) mcu = next;
    else if (strcmp(argv[i], "--freq") == 0) freq = (uint32_t)strtoul(next, NULL, 10);
    else if (strcmp(argv[i], "--eeprom") == 0) eeprom = next;
    else if (strcmp(argv[i], "--de-pin") == 0) de_pin = next;
    else usage();
    i++;
  }
  if (elf == NULL || freq == 0) usage();
  setvbuf(stdout, NULL, _IOLBF, 0);

  elf_firmware_t firmware;
  memset(&firmware, 0, sizeof firmware);
  if (elf_read_firmware(elf, &firmware) != 0) {
    fprintf(stderr, "simavr-run: cannot read %s as an AVR ELF (build it with `pnpm firmware`)\n", elf);
    return 2;
  }
  avr = avr_make_mcu_by_name(mcu);
  if (avr == NULL) {
    fprintf(stderr, "simavr-run: simavr does not know the MCU \"%s\"\n", mcu);
    return 2;
  }
  avr_init(avr);
  gate_on_receiver = strstr(mcu, "atmega328") != NULL || strstr(mcu, "atmega168") != NULL ||
                     strstr(mcu, "atmega88") != NULL || strstr(mcu, "atmega48") != NULL;
  avr->log = LOG_WARNING;
  avr->sleep = no_sleep;
  firmware.frequency = freq;
  firmware.vcc = firmware.avcc = firmware.aref = 5000;
  avr_load_firmware(avr, &firmware);
  eeprom_io(eeprom, false);

  /* UART0 to the pty, without simavr's own printing of the output on the console, and without its
   * usleep() when the firmware polls an empty receiver: the pacing below keeps time. */
  uint32_t flags = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  flags &= ~(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_output, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), on_uart_xon, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), on_uart_xoff, NULL);
  if (de_pin != NULL) {
    char port;
    int bit;
    if (!parse_pin(de_pin, &port, &bit)) usage();
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit), on_de, NULL);
    watch_de = true;
  }
  /* Idle inputs: a released button (pulled up), 0 V on A0 until the test sets a value. */
  avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 2), 1);

  pty_master = open_pty(link_path);
  if (pty_master < 0) {
    perror("simavr-run: pty");
    return 2;
  }
  printf("ready\n");

  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  char line[256];
  size_t line_len = 0;
  double start_ms = now_ms();
  const double sim_start_ms = sim_ms();
  int exit_code = 0;
  for (bool running = true; running;) {
    /* A slice is bounded in simulated time too: asleep, one avr_run() can skip a whole millisecond. */
    const avr_cycle_count_t slice_end = avr->cycle + avr->frequency / 4000;
    for (int i = 0; i < STEPS_PER_SLICE && avr->cycle < slice_end; i++) {
      int state = avr_run(avr);
      if (state == cpu_Done || state == cpu_Crashed) {
        fprintf(stderr, "simavr-run: firmware %s at cycle %llu\n", state == cpu_Crashed ? "crashed" : "stopped",
                (unsigned long long)avr->cycle);
        running = false;
        exit_code = state == cpu_Crashed ? 1 : 0;
        break;
      }
    }
    feed_uart();

    /* Stdin commands (non-blocking; a line may arrive in pieces). */
    ssize_t n = -1;
    char c;
    while (running && (n = read(STDIN_FILENO, &c, 1)) == 1) {
      if (c == '\n' || line_len == sizeof line - 1) {
        line[line_len] = 0;
        line_len = 0;
        running = command(line);
      } else {
        line[line_len++] = c;
      }
    }
    if (n == 0) running = false; /* stdin closed: the test is gone */

    /* Real-time pacing: never run ahead of the wall clock. Fallen behind (a loaded machine), note by
     * how much and carry on from here instead of racing to catch up, which would squeeze the line's
     * timing as badly as the stall stretched it. */
    const double ahead_ms = (sim_ms() - sim_start_ms) - (now_ms() - start_ms);
    if (ahead_ms > 1.0) {
      struct timespec pause = {0, (long)(ahead_ms * 1e6)};
      nanosleep(&pause, NULL);
    } else if (ahead_ms < -5.0) {
      if (-ahead_ms > max_lag_ms) max_lag_ms = -ahead_ms;
      slips++;
      start_ms = now_ms() - (sim_ms() - sim_start_ms);
    }
  }
  print_stats();
  eeprom_io(eeprom, true);
  return exit_code;
}
