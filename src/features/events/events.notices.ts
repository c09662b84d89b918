/**
 * What the events feature asks of its background side after a change:
 * scheduling, moving and cancelling reminders, and telling members about
 * promotions, cancellations and recordings. The events module (index.ts) calls
 * them on the domain events EventsService emits after a change committed
 * (events.events.ts); the implementation (events.jobs.ts) turns them into jobs
 * and deliveries on the one rate-limited sending path.
 */
export interface EventNotices {
  /** A new event: schedule its reminders. */
  created(eventId: number): Promise<void>;
  /**
   * A member got a place by registering; `placesTaken` is the count with them
   * (read under the event's lock). Re-plans the reminder fan-outs when the
   * count outgrew the plan, and queues reminders whose fan-out already ran.
   */
  registered(eventId: number, memberId: number, placesTaken: number): Promise<void>;
  /** The event was edited: move reminders if the time or offsets changed; send the new calendar file if it changed. */
  changed(eventId: number, change: { timeChanged: boolean; remindersChanged: boolean; calendarChanged: boolean; promoted: number[] }): Promise<void>;
  /** The event was cancelled: remove reminders, tell everyone who had a place or waited. */
  cancelled(eventId: number, notify: number[]): Promise<void>;
  /** A waitlisted member got a place. */
  promoted(eventId: number, memberId: number): Promise<void>;
  /** The organiser added a recording: send the link to registrants who did not attend. */
  recording(eventId: number, notify: number[]): Promise<void>;
}
