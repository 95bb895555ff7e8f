import { describeOutbox } from '../testing/describe-outbox.js';
import { MemoryOutbox } from './memory-outbox.js';

describeOutbox('MemoryOutbox', async (limits) => new MemoryOutbox(limits));
