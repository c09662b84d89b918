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
import { EventsReconcileRepository, eventsReconciler, eventsWatchdog } from "./events.reconcile.js";
import { EventsRepository } from "./events.repository.js";
import { EventsService } from "./events.service.js";
import { EventStaffButtons } from "./events.card-buttons.js";
import { evtCb } from "./events.keyboards.js";

export interface EventsServices {
  eventsRepository: EventsRepository;
  events: EventsService;
  eventJobs: EventJobs;
  /** Extra buttons on the staff view of a card that later slices contribute (certificates). */
  eventStaffButtons: EventStaffButtons;
}

/** Seminars, webinars, master classes and conferences: registration, waitlists, reminders, check-in, feedback. */
export const eventsModule: FeatureModule<EventsServices, "events.reminder-fanout" | "events.feedback-request" | "events.watchdog"> = defineFeature({
  name: "events",
  services: ({ prisma, config, queues, translator, services, now, domainEvents }) => {
    const eventsRepository = new EventsRepository(prisma);
    const events = new EventsService(eventsRepository, services.audit, services.catalogue, domainEvents, now);
    const eventJobs = createEventJobs({
      events: eventsRepository,
      members: services.membersRepository,
      delivery: services.delivery,
      renderers: services.deliveryRenderers,
      queues,
      translator,
      sendRatePerSecond: config.sendRatePerSecond,
      defaultTimezone: config.defaultTimezone,
      icsDomain: eventsIcsDomain(config),
      now,
    });
    return { eventsRepository, events, eventJobs, eventStaffButtons: new EventStaffButtons() };
  },
  callbacks: [evtCb],
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
  // Reminders and messages to registrants follow every change. Their jobs are durable once queued;
  // an event whose follow-up failed before that (Redis down, a crash) is repaired by the watchdog.
  on: ({ services }) => {
    const notices = services.eventJobs.notices;
    return {
      "event.created": ({ eventId }) => notices.created(eventId),
      "event.changed": ({ eventId, ...change }) => notices.changed(eventId, change),
      "event.cancelled": ({ eventId, notify }) => notices.cancelled(eventId, notify),
      "event.registered": ({ eventId, memberId, placesTaken }) => notices.registered(eventId, memberId, placesTaken),
      "event.promoted": ({ eventId, memberId }) => notices.promoted(eventId, memberId),
      "event.recording-added": ({ eventId, notify }) => notices.recording(eventId, notify),
    };
  },
  jobs: {
    "events.reminder-fanout": { queue: QUEUES.events, processor: ({ services }) => services.eventJobs.reminderFanout },
    "events.feedback-request": { queue: QUEUES.events, processor: ({ services }) => services.eventJobs.feedbackRequest },
    "events.watchdog": {
      queue: QUEUES.maintenance,
      processor: ({ prisma, services, now }) => eventsWatchdog({ repository: new EventsReconcileRepository(prisma), notices: services.eventJobs.notices, now }),
    },
  },
  // Reminders of events whose follow-up was lost after they were saved (the subscriber failed).
  schedules: [{ id: "events.watchdog", name: "events.watchdog", every: 5 * 60_000, payload: {} }],
  reconciler: ({ prisma, services, now }) => eventsReconciler({ repository: new EventsReconcileRepository(prisma), notices: services.eventJobs.notices, now }),
  personalData: eventsPersonalData,
});
