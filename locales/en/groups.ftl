# Subject discussion groups: linking, rights, the directory, settings.

groups-right-invite-users = invite users (for the join-request link)
groups-right-restrict-members = ban users
groups-right-delete-messages = delete messages
groups-right-pin-messages = pin messages
groups-right-manage-topics = manage topics

groups-missing-rights =
    ⚠️ To run this group the bot lacks administrator rights:
    { $rights }
    Open "Manage group → Administrators → the bot" and switch them on.
groups-missing-rights-private =
    ⚠️ In the group "{ $title }" the bot lacks administrator rights:
    { $rights }
groups-added-not-linked = 👋 The community bot has been added. A community moderator or admin: send /link here to link the group to a subject.
