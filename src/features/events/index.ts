import { QUEUES } from "../../jobs/definitions.js";
import { defineFeature, type FeatureModule } from "../feature.js";

import {
  EVENT_CREATE,
  EVENT_EDIT,
  EVENT_FEEDBACK,
  EVENT_RECORDING,
  createEventConversation,
  createEventEditConversation,
  createFeedbackConversation,
  createRecordingConversation,
} from "./events.conversation.js";
import { eventsFeature, openEventLink, showEvents, showMyEvents, startNewEvent } from "./events.feature.js";
import { createEventJobs, eventsIcsDomain, type EventJobs } from "./events.jobs.js";
import { eventsPersonalData } from "./events.personal-data.js";
import { EventsReconcileRepository, eventsReconciler } from "./events.reconcile.js";
import { EventsRepository } from "./events.repository.js";
import { EventsService } from "./events.service.js";

export interface EventsServices {
  eventsRepository: EventsRepository;
  events: EventsService;
  eventJobs: EventJobs;
  /** Reminders and notices after an event changed; handlers call it right after EventsService. */
  eventNotices: EventJobs["notices"];
}

/** Seminars, webinars, master classes and conferences: registration, waitlists, reminders, check-in, feedback. */
export const eventsModule: FeatureModule<EventsServices, "events.reminder-fanout" | "events.feedback-request"> = defineFeature({
  name: "events",
  services: ({ prisma, config, queues, translator, services, now }) => {
    const eventsRepository = new EventsRepository(prisma);
    const events = new EventsService(eventsRepository, services.audit, services.catalogue, now);
    const eventJobs = createEventJobs({
      events: eventsRepository,
      members: services.membersRepository,
      delivery: services.delivery,
      renderers: services.deliveryRenderers,
      queues,
      translator,
      prisma,
      sendRatePerSecond: config.sendRatePerSecond,
      defaultTimezone: config.defaultTimezone,
      icsDomain: eventsIcsDomain(config),
      now,
    });
    /** Reminders and notices after an event changed; handlers call it right after EventsService. */
    const eventNotices = eventJobs.notices;
    return { eventsRepository, events, eventJobs, eventNotices };
  },
  composer: () => eventsFeature(),
  conversations: {
    [EVENT_CREATE]: createEventConversation,
    [EVENT_EDIT]: createEventEditConversation,
    [EVENT_RECORDING]: createRecordingConversation,
    [EVENT_FEEDBACK]: createFeedbackConversation,
  },
  menu: { events: showEvents, myevents: showMyEvents, newevent: startNewEvent },
  deepLinks: { e: openEventLink },
  commands: { MEMBER: ["events", "myevents", "checkin"], MODERATOR: ["newevent"] },
  jobs: {
    "events.reminder-fanout": { queue: QUEUES.events, processor: ({ services }) => services.eventJobs.reminderFanout },
    "events.feedback-request": { queue: QUEUES.events, processor: ({ services }) => services.eventJobs.feedbackRequest },
  },
  reconciler: ({ prisma, services, now }) => eventsReconciler({ repository: new EventsReconcileRepository(prisma), notices: services.eventNotices, now }),
  personalData: eventsPersonalData,
});
