profile-title = <b>Ваш профиль</b>
profile-card = 👤 <b>{ $fullName }</b>
    💼 { $role }
    📚 Предметы: { $subjects }
    🎒 Классы: { $grades }
    🗺 Регион: { $region }
    🏙 Город: { $city }
    🏫 Организация: { $organisation }
    📈 Стаж: { $experience } { $experience ->
        [one] год
        [few] года
       *[other] лет
    }
    🕒 Часовой пояс: { $timezone } ({ $offset })
profile-not-set = не указана
profile-updated = ✅ Профиль обновлён.
profile-edit-cancelled = Изменение отменено, профиль остался прежним. /profile
profile-edit-fullName = ✏️ ФИО
profile-edit-professionalRole = ✏️ Роль
profile-edit-subjectCodes = ✏️ Предметы
profile-edit-gradeCodes = ✏️ Классы
profile-edit-regionCode = ✏️ Регион
profile-edit-city = ✏️ Город
profile-edit-organisation = ✏️ Организация
profile-edit-experienceYears = ✏️ Стаж
profile-edit-timezone = ✏️ Часовой пояс
language-choose = Выберите язык интерфейса:
language-set = ✅ Язык интерфейса: русский.
profile-region-changed = Регион изменён. Проверьте часовой пояс: по нему приходят напоминания и дайджесты.
