/**
 * The one list of queues, job names and payloads. Payloads carry ids only,
 * never personal data. Adding a job: add its name and payload here, then a
 * processor in its feature's *.jobs.ts; the worker registry refuses to start
 * while any job name has no processor.
 */
export const QUEUES = {
  members: "members",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Payload of every job, keyed by job name. */
export interface JobPayloads {
  /** Sets the per-chat command menu of a member after a role change. */
  "members.sync-commands": { memberId: number };
}
export type JobName = keyof JobPayloads;

/** Which queue each job goes to. */
export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  "members.sync-commands": QUEUES.members,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
