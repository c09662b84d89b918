admin-only = Эта команда доступна только администраторам сообщества.
admin-menu = <b>Администрирование</b>
    Найдите участника, чтобы изменить его роль, или откройте журнал действий.
admin-find-button = 🔎 Найти участника
admin-audit-button = 📜 Журнал действий
admin-find-again = 🔎 Искать ещё
admin-back-to-menu = ◀️ В меню администратора
admin-find-prompt = Напишите имя, @username, Telegram ID или номер участника.
admin-find-asked = 🔎 Поиск: <b>{ $query }</b>
admin-find-cancelled = Поиск отменён.
admin-search-bad-query = Напишите от 1 до 100 символов.
admin-search-empty = По запросу «{ $query }» никого не нашлось.
admin-search-results = По запросу «{ $query }» найдено: { $count }. Выберите участника:
admin-member-no-name = Участник №{ $id }
admin-member-card = <b>{ $name }</b>
    Telegram: { $username } · ID <code>{ $telegramId }</code>
    Номер участника: { $id }
    Роль: <b>{ $role }</b>
    Статус: { $status }
admin-member-active = активен
admin-member-inactive = бот заблокирован участником
admin-make-MEMBER = ⬇️ Сделать участником
admin-make-MODERATOR = 🛡 Сделать модератором
admin-make-ADMIN = 👑 Сделать администратором
admin-confirm-role = Изменить роль участника <b>{ $name }</b>: { $from } → <b>{ $to }</b>?
admin-confirm-yes = ✅ Да, изменить
admin-confirm-no = Отмена
admin-role-changed = Роль изменена.
admin-member-not-found = Участник не найден (возможно, удалил свои данные).
admin-role-self = Нельзя изменить собственную роль.
admin-role-changed-meanwhile = Роль этого участника уже изменил другой администратор. Откройте карточку заново.
admin-role-configured = Этот администратор задан в настройках бота (ADMIN_IDS); его роль меняется только там.
admin-card-self = <i>Это вы: свою роль изменить нельзя.</i>
admin-card-configured = <i>Администратор из настроек бота (ADMIN_IDS): его роль меняется только там.</i>
admin-audit-title = <b>Журнал действий</b> · стр. { $page } из { $pages } · записей: { $total }
admin-audit-empty = Записей пока нет.
admin-audit-line = { $at } · { $actor }: { $action } { $target }
admin-audit-system = система
audit-role-change = роль { $from } → { $to }:
audit-role-bootstrap = назначен администратором из ADMIN_IDS:
audit-member-forget = удалил(а) свои персональные данные
audit-material-approve = опубликован материал, автор:
audit-material-reject = отклонён материал, автор:
audit-material-changes = материал отправлен на доработку, автор:
audit-material-unpublish = снят с публикации материал, автор:
audit-material-delete = удалён материал, автор:
audit-material-edit = изменён материал, автор:
audit-comment-delete = удалён комментарий, автор:
audit-report-dismiss = жалобы признаны необоснованными
audit-event-create = создано мероприятие
audit-event-edit = изменено мероприятие
audit-event-cancel = отменено мероприятие
audit-event-recording = добавлена запись мероприятия
audit-settings-change = изменена настройка сообщества
audit-broadcast-create = отправлена рассылка
audit-broadcast-cancel = отменена рассылка
