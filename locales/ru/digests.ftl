# Member digests: /subscriptions and the digest message itself.

command-subscriptions = Дайджест: новые материалы и мероприятия
digests-menu-button = 📬 Дайджест

digests-settings = 📬 <b>Дайджест сообщества</b>
    Новые материалы библиотеки и мероприятия по вашим предметам — одним сообщением. Если нового нет, дайджест не приходит.

    <b>Как часто:</b> { $frequency }
    <b>Предметы:</b> { $subjects }
    <b>Классы:</b> { $grades }

    { $next }
digests-frequency-WEEKLY = раз в неделю, по понедельникам в 10:00
digests-frequency-DAILY = каждый день в 10:00
digests-frequency-OFF = выключен
digests-as-in-profile = { $list } (как в профиле)
digests-none = не выбраны
digests-next = Следующий дайджест: { $time }, если появится что-то новое.
digests-next-off = Дайджест выключен. Чтобы снова получать его, выберите, как часто.

digests-weekly-button = Раз в неделю
digests-daily-button = Каждый день
digests-off-button = Выключить
digests-subjects-button = 📚 Предметы
digests-grades-button = 🎓 Классы
digests-profile-button = Как в профиле
digests-back-button = « Назад

digests-set-WEEKLY = Дайджест будет приходить по понедельникам в 10:00.
digests-set-DAILY = Дайджест будет приходить каждый день в 10:00.
digests-set-OFF = Дайджест выключен.

digests-subjects-title = 📚 <b>Предметы дайджеста</b>
    Отметьте предметы, по которым присылать новые материалы и мероприятия. Мероприятия без указания предмета приходят всем.

    { $mode }
digests-grades-title = 🎓 <b>Классы дайджеста</b>
    Отметьте классы: в дайджест попадут материалы хотя бы для одного из них.

    { $mode }
digests-mode-profile = Сейчас — как в профиле: измените профиль, и дайджест изменится вместе с ним.
digests-mode-own = Сейчас — свой список. Кнопка «Как в профиле» вернёт выбор из профиля.
digests-subjects-empty = Нужен хотя бы один предмет. Чтобы вернуть предметы из профиля, нажмите «Как в профиле».
digests-grades-empty = Нужен хотя бы один класс. Чтобы вернуть классы из профиля, нажмите «Как в профиле».

digests-title = 📬 <b>Дайджест сообщества</b>
    { $period ->
        [week] Новое за неделю по вашим предметам.
        [day] Новое за день по вашим предметам.
       *[since] Новое по вашим предметам с { $since }.
    }
digests-materials-title = 📚 <b>Новые материалы</b> ({ $count })
digests-material-line = { $n }. <a href="{ $url }">{ $title }</a> — { $subject }, { $type }
digests-materials-more = { $count ->
        [one] …и ещё { $count } материал — в /library
        [few] …и ещё { $count } материала — в /library
       *[many] …и ещё { $count } материалов — в /library
    }
digests-events-title = 📅 <b>Новые мероприятия</b> ({ $count })
digests-event-line = { $n }. <a href="{ $url }">{ $title }</a> — { $time }
digests-events-more = { $count ->
        [one] …и ещё { $count } мероприятие — в /events
        [few] …и ещё { $count } мероприятия — в /events
       *[many] …и ещё { $count } мероприятий — в /events
    }
digests-footer = Как часто, по каким предметам и классам — настраивается в /subscriptions.
