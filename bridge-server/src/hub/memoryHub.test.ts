import { hubContract } from './hubContract';
import { createMemoryHub } from './memoryHub';

hubContract('memory', async () => {
  const hub = createMemoryHub();
  let id = 0;
  return {
    hub,
    async append(sessionId, event) {
      const stored = { id: ++id, event };
      hub.publish(sessionId, stored);
      return stored;
    },
    dispose: async () => undefined,
  };
});
