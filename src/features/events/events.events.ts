/**
 * Domain events of community events (src/shared/domain-events.ts), emitted by
 * EventsService after the change committed; ids only. The events slice
 * subscribes with its notices (events.notices.ts: reminders, calendar files,
 * messages to registrants); a subscriber that failed is repaired by the
 * "events.watchdog" job, which schedules again what an event still needs.
 */
declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /** An organiser published an event. */
    "event.created": { eventId: number };
    /**
     * An organiser edited an event and something changed: whether its time,
     * its reminders or its calendar file changed, and the waitlisted members
     * who got a place because the capacity grew.
     */
    "event.changed": { eventId: number; timeChanged: boolean; remindersChanged: boolean; calendarChanged: boolean; promoted: number[] };
    /** An organiser cancelled an event; `notify` had a place or waited. */
    "event.cancelled": { eventId: number; notify: number[] };
    /** A member took a place (not the waitlist); `placesTaken` counts the places with theirs, read under the event's lock. */
    "event.registered": { eventId: number; memberId: number; placesTaken: number };
    /** An organiser took back a member's check-in (after commit): their participation certificate is revoked. */
    "event.checkin-annulled": { eventId: number; memberId: number; by: number };
    /** A waitlisted member got the place someone gave up. */
    "event.promoted": { eventId: number; memberId: number };
    /** An organiser added (or replaced) the recording; `notify` held a place and did not attend. */
    "event.recording-added": { eventId: number; notify: number[] };
  }
}

export {};
