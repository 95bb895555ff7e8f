import { startGst9000Listener } from '../gst9000-listener.js';
import type { PanelDriver } from '../panel-driver.js';

/** GST9000 printer port: the panel prints each event as text; the gateway only listens. */
export const gst9000PrinterDriver: PanelDriver = {
  protocol: 'gst9000-printer',
  vendor: 'GST',
  model: 'GST9000 (printer port)',
  mode: 'listens',
  description: 'listens to the printer port and parses its printouts',
  start(context) {
    const listener = startGst9000Listener({
      stream: context.stream,
      componentId: context.componentId,
      idleFlushMs: context.settings.idleFlushMs,
      now: context.now,
      onEvent: (event) => context.onEvent(event),
      onUnknown: context.onUnknown,
      ...(context.logger === undefined ? {} : { logger: context.logger }),
    });
    return () => listener.stop();
  },
};
