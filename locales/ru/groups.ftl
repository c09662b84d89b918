# Subject discussion groups: linking, rights, the directory, settings.

groups-right-invite-users = приглашать участников (для ссылки с заявками)
groups-right-restrict-members = блокировать участников
groups-right-delete-messages = удалять сообщения
groups-right-pin-messages = закреплять сообщения
groups-right-manage-topics = управлять темами

groups-missing-rights =
    ⚠️ Чтобы вести эту группу, боту не хватает прав администратора:
    { $rights }
    Откройте «Управление группой → Администраторы → бот» и включите их.
groups-missing-rights-private =
    ⚠️ В группе «{ $title }» боту не хватает прав администратора:
    { $rights }
groups-added-not-linked = 👋 Бот сообщества добавлен. Модератор или администратор сообщества: отправьте здесь /link, чтобы привязать группу к предмету.
