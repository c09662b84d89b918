menu-title = <b>Главное меню</b>
    Выберите раздел:
menu-library = 📚 Библиотека
menu-upload = ➕ Поделиться материалом
menu-mymaterials = 📂 Мои материалы
menu-search = 🔎 Поиск
menu-events = 📅 Мероприятия
menu-myevents = 🗓 Мои мероприятия
menu-newevent = ➕ Новое мероприятие
menu-moderate = 🛡 Модерация
menu-profile = 👤 Профиль
menu-language = 🌐 Язык
menu-privacy = 🔒 Мои данные
menu-help = ❓ Помощь
menu-admin = 🛠 Администрирование
menu-broadcast = 📣 Рассылка
menu-broadcasts = 🗂 Рассылки
menu-settings = ⚙️ Настройки
help-intro = <b>Сетевое педагогическое сообщество</b>
    Здесь учителя знакомятся, делятся опытом и растут профессионально.

    Команды:
help-register = Чтобы вступить в сообщество, нажмите /start
