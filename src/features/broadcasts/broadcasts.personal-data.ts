import { definePersonalData, iso } from "../privacy/privacy.types.js";
import type { FeatureDeps } from "../feature.js";

/**
 * Broadcasts a member authored. Erasure cancels the ones scheduled or being
 * sent (what is not sent yet stays unsent: the message to copy is in the
 * author's chat, which is theirs), removes their fan-out jobs and queued
 * deliveries, then removes what names the author: their chat id (twice: the
 * source and the progress message) and the summary (the message's first
 * words, often signed). The rest stays for the history of /broadcasts.
 */
export const broadcastsPersonalData = definePersonalData<FeatureDeps>({
  slice: "broadcasts",
  models: ["Broadcast"],
  build: ({ prisma, services, now }) => ({
    async export(memberId) {
      const [authored, cancelled] = await Promise.all([
        prisma.broadcast.findMany({ where: { authorId: memberId }, orderBy: { id: "asc" } }),
        prisma.broadcast.findMany({ where: { cancelledById: memberId }, orderBy: { id: "asc" }, select: { id: true, cancelledAt: true } }),
      ]);
      return {
        broadcasts: authored.map((b) => ({
          id: b.id,
          summary: b.summary,
          audience: b.audience,
          recipients: b.recipientCount,
          status: b.status,
          sourceChatId: b.sourceChatId.toString(),
          messageIds: b.messageIds,
          statusChatId: b.statusChatId?.toString() ?? null,
          scheduledAt: iso(b.scheduledAt),
          startedAt: iso(b.startedAt),
          finishedAt: iso(b.finishedAt),
          cancelledAt: iso(b.cancelledAt),
          createdAt: iso(b.createdAt),
        })),
        broadcastsCancelled: cancelled.map((b) => ({ broadcastId: b.id, at: iso(b.cancelledAt) })),
      };
    },
    async stop(member) {
      const live = await prisma.broadcast.findMany({
        where: { authorId: member.id, status: { in: ["SCHEDULED", "SENDING"] } },
        orderBy: { id: "asc" },
        select: { id: true },
      });
      for (const { id } of live) {
        await services.broadcastsRepository.cancel(id, member.id, now());
        const view = await services.broadcastsRepository.find(id);
        // Also when cancelled by someone else just now: removing a fan-out job and queued deliveries twice is harmless.
        if (view) await services.broadcastJobs.scheduler.cancelled(view);
      }
    },
    async erase(memberId, tx) {
      await tx.broadcast.updateMany({
        where: { authorId: memberId },
        data: { sourceChatId: 0n, statusChatId: null, statusMessageId: null, summary: "" },
      });
    },
  }),
});
