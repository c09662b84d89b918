/**
 * The one list of queues, job names and payloads. Payloads carry ids only,
 * never personal data. Adding a job: add its name and payload here, then a
 * processor in its feature's *.jobs.ts; the worker registry refuses to start
 * while any job name has no processor.
 */
export const QUEUES = {
  members: "members",
  notifications: "notifications",
  /**
   * The one rate-limited sending path for mass messages (reminders,
   * broadcasts, digests): its workers share one global send budget.
   */
  send: "send",
  /**
   * The paid lane of the sending path: broadcasts sent with
   * allow_paid_broadcast, on a budget of their own (up to 1,000/s) that
   * Telegram bills in Stars instead of counting against the free 30/s.
   */
  sendPaid: "send-paid",
  /** Broadcast fan-outs (delayed to their time) and their progress reports. */
  broadcasts: "broadcasts",
  /** Event reminders' fan-outs and feedback requests (delayed jobs, a few per event). */
  events: "events",
  /**
   * Housekeeping on a timer (see SCHEDULES in schedules.ts). Not rate-limited:
   * a sweep on the send queue would take a share of the send budget.
   */
  maintenance: "maintenance",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * The send queues: every job takes a grant of its lane's SendBudget
 * (src/features/delivery/delivery.budget.ts) before its request, and
 * startWorkers refuses to start them without their settings from the
 * container (a concurrency sized for the budget).
 */
export const RATE_LIMITED_QUEUES: readonly QueueName[] = [QUEUES.send, QUEUES.sendPaid];

/** Payload of every job, keyed by job name. */
export interface JobPayloads {
  /** Sets the per-chat command menu of a member after a role change. */
  "members.sync-commands": { memberId: number };
  /** Tells a material's author about a moderation decision. */
  "materials.notify-author": { materialId: number; event: "approved" | "rejected" | "changes" | "unpublished" | "deleted" | "hidden" };
  /** Tells a material's author about new comments (batched). */
  "materials.notify-comments": { materialId: number };
  /** Sends one recorded delivery (src/features/delivery); job id `dlv-<deliveryId>`. */
  "delivery.send": { deliveryId: number };
  /** The same for a delivery of the paid lane (`deliveries.paid`); job id `dlv-<deliveryId>`. */
  "delivery.send-paid": { deliveryId: number };
  /**
   * Repeatable (SCHEDULES): finds deliveries QUEUED or SENDING for longer than
   * `staleAfterMs` whose job is gone or failed, and queues them again or FAILs them.
   */
  "delivery.sweep": { staleAfterMs: number };
  /**
   * Queues one event reminder for every registrant; job id `reminderJobId(...)`.
   * `startsAt` (Unix seconds) is the start the reminder was planned for: a moved
   * event's old jobs find it no longer matches and do nothing.
   */
  "events.reminder-fanout": { eventId: number; offsetMinutes: number; startsAt: number };
  /** Asks attendees for feedback after the event; `endsAt` (Unix seconds) is the end it was planned for. */
  "events.feedback-request": { eventId: number; endsAt: number };
  /**
   * Repeatable (SCHEDULES): schedules again the reminders and feedback request
   * of every event that may still need them, so an event whose follow-up failed
   * after it was saved (Redis down, a crash between commit and notices) gets
   * its jobs within minutes, not at the next start.
   */
  "events.watchdog": Record<string, never>;
  /**
   * Pages through a broadcast's audience from its stored cursor and queues a
   * delivery per recipient; job id `broadcast-fanout-<id>`, delayed to its time.
   */
  "broadcasts.fanout": { broadcastId: number };
  /**
   * Edits the author's progress message, then queues the next report
   * (`tick` + 1) a few seconds later until the broadcast is finished; job id
   * `broadcast-progress-<id>-<tick>`, so a report that runs twice does not fork the chain.
   */
  "broadcasts.progress": { broadcastId: number; tick: number };
  /**
   * Repeatable (SCHEDULES): queues again a fan-out or a progress chain whose
   * job was lost or failed for good (the database was down for minutes).
   */
  "broadcasts.watchdog": Record<string, never>;
  /** Repeatable (SCHEDULES): queues the digests that are due (src/features/digests). */
  "digests.tick": Record<string, never>;
}
export type JobName = keyof JobPayloads;

/** Which queue each job goes to. */
export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  "members.sync-commands": QUEUES.members,
  "materials.notify-author": QUEUES.notifications,
  "materials.notify-comments": QUEUES.notifications,
  "delivery.send": QUEUES.send,
  "delivery.send-paid": QUEUES.sendPaid,
  "delivery.sweep": QUEUES.maintenance,
  "events.reminder-fanout": QUEUES.events,
  "events.feedback-request": QUEUES.events,
  "events.watchdog": QUEUES.maintenance,
  "broadcasts.fanout": QUEUES.broadcasts,
  "broadcasts.progress": QUEUES.broadcasts,
  "broadcasts.watchdog": QUEUES.maintenance,
  "digests.tick": QUEUES.maintenance,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
