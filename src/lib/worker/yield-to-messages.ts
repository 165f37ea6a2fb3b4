/**
 * Resolves after a macrotask, so messages that arrived meanwhile (a cancel) are handled first. A message to
 * ourselves rather than setTimeout(0), which browsers clamp to 4 ms once timeouts nest.
 */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
