import { decodeTransmissionStatus, type FireEvent } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { GatewayConditions } from './gateway-conditions.js';

const event = (kind: FireEvent['kind'], active: boolean, extra: Partial<FireEvent> = {}): FireEvent => ({
  time: 1,
  kind,
  active,
  component: 'panel',
  systemType: 1,
  componentType: 1,
  ...extra,
});

describe('GatewayConditions', () => {
  it('is plain normal monitoring when nothing is wrong and the link is up', () => {
    const status = decodeTransmissionStatus(new GatewayConditions().statusByte(true));
    expect(status).toMatchObject({ normal: true, fireAlarm: false, centreLinkFault: false });
    expect(status.monitoringLineFault).toBe(false);
  });

  it('raises the fire flag while any fire is active and clears it per source', () => {
    const conditions = new GatewayConditions();
    conditions.apply([
      event('fire', true, { loop: 1, address: 2 }),
      event('fire', true, { loop: 1, address: 3 }),
    ]);
    conditions.apply([event('fire', false, { loop: 1, address: 2 })]);
    expect(decodeTransmissionStatus(conditions.statusByte(true)).fireAlarm).toBe(true);
    conditions.apply([event('fire', false, { loop: 1, address: 3 })]);
    expect(decodeTransmissionStatus(conditions.statusByte(true)).fireAlarm).toBe(false);
  });

  it('reports main and backup power faults from the panel’s supervision events', () => {
    const conditions = new GatewayConditions();
    conditions.apply([event('main-power-fault', true), event('backup-power-fault', true)]);
    expect(decodeTransmissionStatus(conditions.statusByte(true))).toMatchObject({
      mainPowerFault: true,
      backupPowerFault: true,
    });
  });

  it('reports a monitoring-line fault while a device does not answer, and a centre-link fault', () => {
    const conditions = new GatewayConditions();
    conditions.setDeviceOnline('pt-1', false);
    expect(decodeTransmissionStatus(conditions.statusByte(false))).toMatchObject({
      monitoringLineFault: true,
      centreLinkFault: true,
    });
    conditions.setDeviceOnline('pt-1', true);
    expect(decodeTransmissionStatus(conditions.statusByte(true)).monitoringLineFault).toBe(false);
  });

  it('forgets devices a reload removed', () => {
    const conditions = new GatewayConditions();
    conditions.setDeviceOnline('gone', false);
    conditions.apply([event('fault', true, { component: 'gone' })]);
    conditions.keepOnly(new Set(['panel']));
    expect(decodeTransmissionStatus(conditions.statusByte(true))).toMatchObject({
      monitoringLineFault: false,
      fault: false,
    });
  });
});
