import { QUEUES } from "../../jobs/definitions.js";
import type { AnySchedule } from "../../jobs/schedules.js";
import type { DomainEventHandlers } from "../../shared/domain-events.js";
import { sendLaneBudget } from "../delivery/index.js";
import type { FeatureDeps, JobDefinition } from "../feature.js";
import { EXPIRE_EVERY_MS, expireRequestsProcessor, joinInviteProcessor } from "./groups.gate.jobs.js";
import { GateRepository } from "./groups.gate.repository.js";
import { GateService, RequesterInvites } from "./groups.gate.service.js";
import type { GroupsService } from "./groups.service.js";

/** The gate part of the groups slice (join requests), wired into its module (index.ts) in one line per field. */
export interface GroupGateServices {
  /** Join requests: who gets in (policy, registration, ban list), manual approval, expiry. */
  groupGate: GateService;
}

export type GroupGateJobs = "groups.expire-requests" | "groups.join-invite";

export function gateServices({ prisma, now, logger, api, sendApi, queues, translator, services }: FeatureDeps, groups: GroupsService): GroupGateServices {
  const invites = new RequesterInvites(sendApi, queues, translator, logger);
  return { groupGate: new GateService(new GateRepository(prisma), groups, services.membersRepository, api, invites, translator, logger, now, services.audit) };
}

export const gateJobs: { [K in GroupGateJobs]: JobDefinition<K> } = {
  "groups.expire-requests": { queue: QUEUES.maintenance, processor: ({ services }) => expireRequestsProcessor(services.groupGate) },
  // Invitations take grants of the `send` lane, like every message of the sending path.
  "groups.join-invite": {
    queue: QUEUES.notifications,
    processor: (deps) => joinInviteProcessor({ gate: deps.services.groupGate, api: deps.sendApi, budget: sendLaneBudget(deps, "send") }),
  },
};

export const gateSchedules: readonly AnySchedule[] = [{ id: "groups.expire-requests", name: "groups.expire-requests", every: EXPIRE_EVERY_MS, payload: {} }];

export const gateOn = ({ services }: FeatureDeps): DomainEventHandlers => ({
  // Registered, by whatever path: pending requests are approved and the member told, at once.
  // A failure is only logged: the member's "continue" link (join_<group>) does the same, and the expiry job retries.
  "member.registered": ({ memberId }) => services.groupGate.memberRegistered(memberId),
});
