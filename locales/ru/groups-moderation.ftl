# Group moderation: antiflood, newcomers, welcome, staff commands, reports, the ban list.

groups-newcomer-notice = 🧹 { $name }, в первые { $hours } ч. в группе нельзя публиковать ссылки, медиа и пересылки — сообщение удалено.
groups-flood-muted = 🔇 { $name } отправляет сообщения слишком часто: сообщения удалены, писать нельзя { $minutes } мин.

groups-mod-staff-only = Эта команда доступна только модераторам и администраторам сообщества.
groups-mod-not-linked = Группа не привязана к сообществу: сначала отправьте /link.
groups-mod-not-supergroup = В обычной группе ограничения не работают: включите в настройках группы историю чата или темы, чтобы она стала супергруппой.
groups-mod-reply-needed = Отправьте команду ответом на сообщение участника (/ban и /unban можно и с Telegram-id: /unban 123456789).
groups-mod-service-message = Это служебное сообщение: ответьте на сообщение самого участника.
groups-mod-target-anonymous = Это сообщение от имени канала или анонимного администратора: к нему команда не применяется.
groups-mod-target-bot = К ботам команда не применяется.
groups-mod-target-staff = Модераторов и администраторов сообщества так наказать нельзя.
groups-mod-target-self = К себе команда не применяется.
groups-mod-telegram-refused = Telegram не позволил это сделать: { $reason }

groups-warned = ⚠️ { $name } получает предупреждение ({ $count } из 3). Причина: { $reason }
groups-warned-muted = ⚠️ { $name } получает третье предупреждение ({ $count }) и не может писать 24 часа. Причина: { $reason }
groups-muted = 🔇 { $name } не может писать { $duration }. Причина: { $reason }
groups-unmuted = 🔊 { $name } снова может писать.
groups-banned = 🚫 { $name } заблокирован во всех группах сообщества (групп: { $count }). Причина: { $reason }
groups-unbanned = ✅ { $name } разблокирован во всех группах сообщества (групп: { $count }).
groups-not-banned = { $name } не был заблокирован.

groups-duration-minutes = { $n } мин.
groups-duration-hours = { $n } ч.
groups-duration-days = { $n } дн.

groups-report-reply-needed = Чтобы пожаловаться, отправьте /report ответом на сообщение.
groups-report-sent = ✅ Жалоба отправлена модераторам.
groups-report-no-moderators = Сейчас не удалось связаться ни с одним модератором.
groups-report-notice =
    🚩 <b>Жалоба</b> в группе «{ $group }»
    Автор: { $target }
    <blockquote>{ $excerpt }</blockquote>
    { $link }
# The message's link in a report notice (a basic group's messages have none: the line is left out).
groups-report-link = <a href="{ $url }">Открыть сообщение</a>
groups-report-no-text = (без текста)
groups-report-button-del = 🗑 Удалить
groups-report-button-warn = ⚠️ Предупредить
groups-report-button-mute = 🔇 Замолчать 24 ч
groups-report-button-ban = 🚫 Заблокировать
groups-report-button-dis = ✖️ Отклонить
groups-report-decided =
    🚩 Жалоба в группе «{ $group }»
    <blockquote>{ $excerpt }</blockquote>
    { $link }
    Решение: <b>{ $decision }</b> — { $by }
groups-report-decision-del = сообщение удалено
groups-report-decision-warn = предупреждение
groups-report-decision-mute = запрет писать на 24 ч
groups-report-decision-ban = блокировка во всех группах
groups-report-decision-dis = жалоба отклонена
groups-report-done = Готово: { $decision }.
groups-report-taken = Уже решено: { $decision } ({ $by }).

groups-ban-card-button = 🚫 Блокировка в группах
groups-ban-card =
    <b>{ $name }</b>
    Группы сообщества: { $banned }
groups-ban-card-is-banned = заблокирован во всех группах
groups-ban-card-not-banned = не заблокирован
groups-ban-card-ban = 🚫 Заблокировать во всех группах
groups-ban-card-unban = ✅ Разблокировать
groups-ban-card-back = ◀️ К карточке
groups-ban-card-no-telegram = У этого участника нет Telegram-аккаунта в боте.
groups-ban-card-banned = Заблокирован (групп: { $count }).
groups-ban-card-unbanned = Разблокирован (групп: { $count }).

groups-log-line = { $action } · { $group } · { $target } · { $actor } · { $reason }
groups-log-everywhere = все группы
groups-log-bot = бот

groups-welcome =
    👋 Добро пожаловать, { $names }!
    Правила группы «{ $title }»: пишем по теме, уважаем коллег, без рекламы и спама. Первые сутки нельзя публиковать ссылки, медиа и пересылки. Нарушение — через /report (ответом на сообщение).
groups-welcome-more = и ещё { $count }

audit-group-warn = предупреждение в группе
audit-group-mute = запрет писать в группе
audit-group-unmute = снят запрет писать в группе
audit-group-ban = блокировка во всех группах
audit-group-unban = разблокировка в группах
audit-group-flood-mute = антифлуд: запрет писать в группе
audit-group-report-decided = решение по жалобе в группе

## Меню команд в группах

command-report = Пожаловаться модераторам (ответом на сообщение)
command-warn = Предупреждение (ответом; модераторы сообщества)
command-mute = Запретить писать [30m|2h|1d] (ответом)
command-unmute = Снять запрет писать (ответом)
command-ban = Забанить во всех группах сообщества (ответом)
command-unban = Разбанить (ответом или id)
command-link = Привязать группу к предметам
command-unlink = Отвязать группу
