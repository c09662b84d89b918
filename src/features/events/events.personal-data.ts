import { DomainError } from "../../shared/errors.js";
import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Events a member organised, their registrations and their feedback. Erasure
 * first gives up every place and waitlist entry at events that have not
 * started, through EventsService (so the first of the waitlist gets the place
 * and is told, as when a member cancels); then feedback comments (free text)
 * are removed, the scores stay. Past registrations stay as anonymous
 * attendance. Events they organised stay: others registered for them.
 */
export const eventsPersonalData = definePersonalData<FeatureDeps>({
  slice: "events",
  models: ["Event", "EventRegistration", "EventFeedback"],
  build: ({ prisma, services, now }) => ({
    async export(memberId) {
      const [registrations, feedback, organised] = await Promise.all([
        prisma.eventRegistration.findMany({
          where: { memberId },
          orderBy: { id: "asc" },
          include: { event: { select: { title: true, startsAt: true } } },
        }),
        prisma.eventFeedback.findMany({ where: { memberId }, orderBy: { eventId: "asc" } }),
        prisma.event.findMany({
          where: { organiserId: memberId },
          orderBy: { id: "asc" },
          select: { id: true, title: true, kind: true, startsAt: true, status: true, createdAt: true },
        }),
      ]);
      return {
        eventRegistrations: registrations.map((r) => ({
          eventId: r.eventId,
          event: r.event.title,
          startsAt: iso(r.event.startsAt),
          status: r.status,
          registeredAt: iso(r.createdAt),
          promotedAt: iso(r.promotedAt),
          cancelledAt: iso(r.cancelledAt),
          attendedAt: iso(r.attendedAt),
        })),
        eventFeedback: feedback.map((f) => ({ eventId: f.eventId, score: f.score, comment: f.comment, at: iso(f.updatedAt) })),
        organisedEvents: organised.map((e) => ({ id: e.id, title: e.title, kind: e.kind, startsAt: iso(e.startsAt), status: e.status, createdAt: iso(e.createdAt) })),
      };
    },
    async stop(member) {
      const active = await prisma.eventRegistration.findMany({
        where: { memberId: member.id, status: { in: ["REGISTERED", "WAITLISTED"] }, event: { status: "SCHEDULED", startsAt: { gt: now() } } },
        orderBy: { id: "asc" },
        select: { eventId: true },
      });
      for (const { eventId } of active) {
        try {
          await services.events.cancelRegistration(member, eventId);
        } catch (err) {
          // Started meanwhile, or cancelled by a parallel tap: nothing to give up.
          if (!(err instanceof DomainError)) throw err;
        }
      }
    },
    async erase(memberId, tx) {
      await tx.eventFeedback.updateMany({ where: { memberId, comment: { not: null } }, data: { comment: null } });
    },
  }),
});
