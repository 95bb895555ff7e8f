import { describe, expect, it } from 'vitest';
import { topicFor, uplinkTopics } from './topics.js';

describe('uplinkTopics', () => {
  it('builds <prefix>/<gateway>/<kind>', () => {
    const topics = uplinkTopics('firecode/v1', 'gw-0042');
    expect(topics).toEqual({
      birth: 'firecode/v1/gw-0042/birth',
      state: 'firecode/v1/gw-0042/state',
      alarm: 'firecode/v1/gw-0042/alarm',
      status: 'firecode/v1/gw-0042/status',
      data: 'firecode/v1/gw-0042/data',
    });
    expect(topicFor(topics, 'historical')).toBe(topics.data);
    expect(topicFor(topics, 'alarm')).toBe(topics.alarm);
  });

  it('rejects wildcards and empty levels', () => {
    expect(() => uplinkTopics('fire/#', 'gw')).toThrow(/topicPrefix "fire\/#"/);
    expect(() => uplinkTopics('/fire', 'gw')).toThrow(/topicPrefix/);
    expect(() => uplinkTopics('fire', 'a/b')).toThrow(/gatewayId "a\/b" must be one topic level/);
    expect(() => uplinkTopics('fire', '+')).toThrow(/gatewayId/);
  });
});
