/**
 * Test support for the uplink and for anything built on it (not part of the runtime API, needs vitest):
 * the Outbox and Publisher conformance suites, an in-memory MQTT broker for unit tests of the uplink, a real MQTT subscriber that records what arrives, and a private
 * Mosquitto with TLS, login or persistence.
 */
export {
  describeOutbox,
  type OutboxSuiteOptions,
  type OutboxTestLimits,
  tagPayload,
} from './describe-outbox.js';
export { describePublisherConformance } from './describe-publisher.js';
export {
  type BrokerMessage,
  type ConnectRefusal,
  MemoryBroker,
  MemoryMqttClient,
  type PubackMode,
} from './memory-broker.js';
export {
  MessageCollector,
  parseTestPayload,
  type ReceivedMessage,
  testPayload,
} from './message-collector.js';
export {
  freePort,
  MOSQUITTO_MISSING,
  type MosquittoTls,
  makeCertificates,
  PrivateMosquitto,
  type PrivateMosquittoOptions,
} from './private-mosquitto.js';
export {
  conformanceCatalog,
  conformanceEvent,
  conformanceReadings,
  type PublisherFactory,
  type PublisherFixture,
  type PublisherUnderTest,
} from './publisher-fixture.js';
export { readWire, type WireMessage, type WireReading } from './wire-reader.js';
