# Groups: join requests (only registered teachers get in).

groups-gate-register-first =
    👋 Вы подали заявку в группу «<b>{ $group }</b>».
    Группы сообщества открыты только для зарегистрированных педагогов. Зарегистрируйтесь в боте — это займёт пару минут, и заявка будет одобрена автоматически.
groups-gate-register-button = Зарегистрироваться
groups-gate-you-are-in = ✅ Вы в группе «<b>{ $group }</b>».
groups-gate-open-group = Открыть группу
groups-gate-manual-notice =
    🚪 Заявка на вступление в группу «<b>{ $group }</b>»
    Кто: { $name } ({ $username }, id { $id })
groups-gate-approve = ✅ Принять
groups-gate-decline = ❌ Отклонить
groups-gate-decided-approved = ✅ Принял(а): { $name }
groups-gate-decided-declined = ❌ Отклонил(а): { $name }
groups-gate-decided-approved-auto = ✅ Принята
groups-gate-decided-declined-auto = ❌ Отклонена автоматически (48 часов)
groups-gate-approved-toast = Заявка принята.
groups-gate-declined-toast = Заявка отклонена.
groups-gate-gone = Заявки уже нет: пользователь её отозвал или уже в группе.
groups-gate-already-decided = По этой заявке уже принято решение.
groups-gate-already-decided-by = Уже решено: { $name }.
groups-gate-link-unknown = Эта ссылка на группу больше не действует.
groups-gate-link-waiting = Ваша заявка в группу «<b>{ $group }</b>» ждёт решения модератора.
groups-gate-link-banned = Вступить в группу «<b>{ $group }</b>» нельзя: доступ в группы сообщества для вас закрыт.
groups-gate-link-not-eligible = Заявку в группу «<b>{ $group }</b>» пока нельзя одобрить: проверьте, что вы зарегистрированы и не отключили бота.
groups-gate-link-request = Чтобы вступить в группу «<b>{ $group }</b>», подайте заявку по ссылке группы — она будет одобрена сразу.
audit-group-join-approve = принял заявку в группу
audit-group-join-decline = отклонил заявку в группу
