# Группы по предметам: привязка (/link, /unlink), темы и правила, каталог (/groups), настройки (/groupsettings).

command-groups = Группы по предметам
command-groupsettings = Настройки групп
groups-menu-button = 💬 Группы
groups-settings-menu-button = 🛠 Настройки групп

audit-group-link = привязал группу к предметам
audit-group-unlink = отвязал группу
audit-group-settings = изменил настройки группы

## /link и /unlink в группе (тексты на языке группы)

groups-staff-only = Это могут делать только модераторы и администраторы сообщества.
groups-link-not-supergroup = Сначала сделайте группу супергруппой (например, включите «Историю чата для новых участников» или темы): заявки на вступление, ограничения и темы работают только в супергруппах. Затем отправьте /link ещё раз.
groups-link-nothing-chosen = Выберите хотя бы один предмет или «Общая».
groups-link-choose =
    <b>Привязка группы «{ $title }»</b>
    Выберите предметы этой группы (можно несколько) или «Общая», затем нажмите «Готово».
groups-link-choose-again =
    <b>Группа «{ $title }» уже привязана</b>
    Измените предметы и нажмите «Готово».
groups-link-general-button = Общая (все предметы)
groups-link-done-button = ✔️ Готово
groups-link-cancel-button = Отмена
groups-link-general = все предметы
groups-link-cancelled = Привязка отменена, ничего не изменилось.
groups-linked = ✅ Группа «{ $title }» привязана: { $subjects }.
groups-linked-topics = Темы: создано { $created }, найдено прежних { $adopted }.
groups-linked-topics-failed = ⚠️ Не все темы удалось создать: проверьте право «Управлять темами».
groups-linked-invite = Ссылка для вступления по заявке создана; бот пропускает зарегистрированных учителей.
groups-linked-no-invite = ⚠️ Не удалось создать ссылку для вступления: проверьте право «Приглашать участников».
groups-invite-link-name = Сообщество учителей
groups-topic-materials = 📚 Материалы
groups-topic-events = 📅 Мероприятия
groups-topic-questions = ❓ Вопросы
groups-rules =
    📌 <b>Правила группы «{ $title }»</b>
    1. Группа для учителей сообщества: вступить можно после регистрации в боте.
    2. Уважайте коллег, пишите по теме, без рекламы и спама.
    3. Первые { $hours } ч. после вступления ссылки, медиа и пересылки удаляются автоматически.
    4. Если сообщение нарушает правила, ответьте на него командой /report — модераторы увидят.
groups-unlink-not-linked = Эта группа не привязана.
groups-unlinked = Группа «{ $title }» отвязана: бот больше не пропускает по заявкам и не публикует анонсы.

## /groups (личный чат)

groups-directory-title = <b>Группы по предметам</b>
groups-directory-empty = Пока нет ни одной группы.
groups-directory-general = все предметы
groups-directory-join-button = Вступить: { $title }

## /groupsettings (администраторы, личный чат)

groups-admins-only = Это доступно только администраторам сообщества.
groups-settings-list = <b>Группы</b>: выберите группу, чтобы изменить её настройки.
groups-settings-list-empty = Привязанных групп пока нет. Добавьте бота в группу кнопкой ниже и отправьте там /link.
groups-settings-add-button = ➕ Добавить бота в группу
groups-settings-group =
    <b>{ $title }</b> · { $status }
    Вступление: { $policy }
    Язык: { $locale }
    Новички: { $hours } ч.
    Антифлуд: { $messages } сообщений за { $seconds } с, мут { $minutes } мин.
groups-status-active = работает
groups-status-missing-rights = ⚠️ не хватает прав
groups-status-inactive = 💤 бот удалён из группы
groups-policy-r = только зарегистрированные учителя
groups-policy-a = все
groups-policy-m = вручную, модераторами
groups-policy-r-button = Учителя
groups-policy-a-button = Все
groups-policy-m-button = Вручную
groups-locale-ru-button = Русский
groups-locale-en-button = English
groups-hours-button = { $hours } ч
groups-flood-button = { $messages }/{ $seconds } с
groups-mute-button = { $minutes ->
        [10] 10 мин
        [60] 1 ч
        [360] 6 ч
        [1440] 1 день
       *[other] { $minutes } мин
    }
groups-switch-w-button = Приветствие
groups-switch-am-button = Материалы
groups-switch-ae-button = События
groups-stats-button = 📊 Статистика
groups-back-button = ← Назад
groups-settings-saved = Сохранено.
groups-stats-title =
    <b>{ $title }</b>: последние 7 дней
    Вступили { $joins }, вышли { $leaves }, сообщений { $messages }, действий модерации { $actions }.
groups-stats-day = { $day }: +{ $joins } −{ $leaves } · 💬 { $messages } · 🛡 { $actions }
groups-not-found = Эта группа больше не привязана.
