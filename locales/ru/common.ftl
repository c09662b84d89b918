errors-stale-button = Эта кнопка больше не действует.
errors-forbidden = У вас нет прав на это действие.
errors-not-found = Не найдено.
errors-not-registered = Сначала зарегистрируйтесь в сообществе: /start
errors-internal = Что-то пошло не так. Мы уже разбираемся — попробуйте ещё раз чуть позже.
errors-rate-limited = Слишком много сообщений подряд. Подождите пару секунд.
cancel-nothing = Сейчас нечего отменять.
unhandled-command = Такой команды нет. Список команд: /help
unhandled-text = Я не понял сообщение. Откройте меню: /menu или список команд: /help
validation-too-long = Слишком длинный ответ. Напишите короче.

member-role-MEMBER = участник
member-role-MODERATOR = модератор
member-role-ADMIN = администратор

command-start = Начать (регистрация)
command-menu = Главное меню
command-profile = Мой профиль
command-language = Язык интерфейса
command-help = Помощь и список команд
command-privacy = Политика конфиденциальности
command-mydata = Мои данные (файл JSON)
command-forgetme = Удалить мои данные
command-cancel = Отменить текущее действие
command-admin = Администрирование
command-audit = Журнал действий
