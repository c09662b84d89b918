/**
 * The one way a slice reacts to what happened in another (or in itself): a
 * typed, in-process bus of domain events.
 *
 * - Each slice declares its events' payloads in `<slice>.events.ts` by
 *   declaration merging into {@link DomainEventMap}; payloads carry ids, never
 *   personal data (they are logged, and may become job payloads).
 * - Services emit after their transaction committed, never inside it: a
 *   subscriber sees the change, and a rolled-back change is never announced.
 * - Subscriptions are declared in the slice's module (`on` in
 *   src/features/feature.ts) and registered by createContainer once every
 *   service is built.
 * - `emit` awaits the subscribers one after the other, in the order of the
 *   slice list. A failing subscriber is logged (during an outage of Redis or
 *   PostgreSQL, counted in the FailureLog instead) and does not fail the emitter:
 *   the change is already committed, and a member told "try again" would do
 *   it twice. Follow-ups that must not be lost go through a durable job (or a
 *   watchdog that repairs them, as for event reminders).
 */
import type { FailureLog } from "./failure-log.js";
import type { Logger } from "./logger.js";
import { unavailableService } from "./unavailable.js";

/** Every domain event, by name, with its payload; slices add theirs (declaration merging). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap;

/** Subscribers by event name, as a slice module declares them. */
export type DomainEventHandlers<M = DomainEventMap> = { [E in keyof M]?: (payload: M[E]) => Promise<void> };

/** Publishes domain events to the subscribers of every slice (what services get). */
export interface DomainEventPublisher<M = DomainEventMap> {
  emit<E extends keyof M>(name: E, payload: M[E]): Promise<void>;
}

/** The bus; `M` is DomainEventMap except in its own tests. */
export class DomainEvents<M = DomainEventMap> implements DomainEventPublisher<M> {
  private readonly handlers = new Map<keyof M, ((payload: never) => Promise<void>)[]>();

  /** `failures`: where a subscriber failing because Redis or PostgreSQL is down is counted (one line per minute, not one per event). */
  constructor(
    private readonly logger: Pick<Logger, "error">,
    private readonly failures?: FailureLog,
  ) {}

  /** Subscribes `handler` to `name`; subscribers run in the order they subscribed. */
  on<E extends keyof M>(name: E, handler: (payload: M[E]) => Promise<void>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  /** Subscribes every handler of `handlers` (a slice module's `on`). */
  subscribe(handlers: DomainEventHandlers<M>): void {
    for (const name of Object.keys(handlers) as (keyof M)[]) {
      const handler = handlers[name];
      if (handler) this.on(name, handler);
    }
  }

  /** Runs the subscribers of `name` in order; resolves when all ran, whether or not they failed. */
  async emit<E extends keyof M>(name: E, payload: M[E]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        await (handler as (payload: M[E]) => Promise<void>)(payload);
      } catch (err) {
        const down = this.failures && unavailableService(err);
        if (down) this.failures.report(`domain event subscribers failing: ${down === "redis" ? "Redis" : "PostgreSQL"} unavailable`, err, { event: name });
        else this.logger.error({ err, event: name }, "domain event subscriber failed");
      }
    }
  }
}
