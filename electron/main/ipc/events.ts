/** Fan-out of `domain.changed` events to every window (IPC) and every browser tab (SSE). */
import type { EventName, Events } from '../../../shared/events';

export type Listener = <E extends EventName>(name: E, payload: Events[E]) => void;

export class EventHub {
  private listeners = new Set<Listener>();
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  publish: Listener = (name, payload) => {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch (e) {
        console.error('[events] listener failed', e);
      }
    }
  };
}
