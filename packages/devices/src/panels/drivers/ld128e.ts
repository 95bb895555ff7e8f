import { startLd128ePoller } from '../ld128e-poller.js';
import type { PanelDriver } from '../panel-driver.js';

/** Lida LD128E CRT port: the gateway polls with 0x20 and reads 3-byte records (or 0x7F, idle). */
export const ld128eDriver: PanelDriver = {
  protocol: 'ld128e',
  vendor: 'Lida',
  model: 'LD128E (CRT port)',
  mode: 'polls',
  description: 'polls the CRT port (0x20) and reads its 3-byte records',
  start(context) {
    const poller = startLd128ePoller({
      stream: context.stream,
      componentId: context.componentId,
      intervalMs: context.settings.pollIntervalMs,
      offlineAfter: context.settings.offlineAfterPolls,
      now: context.now,
      // The poller's own `offline` events (no record) say the panel stopped answering polls.
      onEvent: (event, record) => {
        if (record === undefined && event.kind === 'offline') {
          context.onSilent(
            event.active,
            event.description ?? (event.active ? 'not answering' : 'answering again'),
          );
        } else context.onEvent(event);
      },
      onUnknown: context.onUnknown,
      ...(context.logger === undefined ? {} : { logger: context.logger }),
    });
    return () => poller.stop();
  },
};
