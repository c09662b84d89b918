/**
 * The one list of queues. Jobs belong to slices: a slice declares each job's
 * payload in its `*.jobs.ts` by adding to {@link JobPayloads} (declaration
 * merging), and its queue and processor in its module's `jobs`
 * (src/features/<slice>/index.ts); src/features/index.ts fails to compile
 * while a declared job has no module entry. Payloads carry ids only, never
 * personal data.
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
  /** Certificates: rendering PDFs (CPU-bound, so apart from the sending path) and issuing them in bulk. */
  documents: "documents",
  /** Contests: phase moves at their dates (delayed jobs), jurors' reminders, publication. */
  contests: "contests",
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

/**
 * Payload of every job, keyed by job name. Empty here: each slice adds its
 * jobs in its `*.jobs.ts` (`declare module "../../jobs/definitions.js"`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobName = keyof JobPayloads;

/** Which queue each job goes to (assembled from the slices' `jobs` by src/features/index.ts). */
export type JobQueueMap = { readonly [J in JobName]: QueueName };
