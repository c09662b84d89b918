## Настройки сообщества: /settings

settings-title = ⚙️ <b>Настройки сообщества</b>
settings-on = включено
settings-off = выключено
settings-broadcast-moderators = <b>Рассылки модераторов</b>: { $state }. Когда включено, модераторы тоже могут делать рассылки (/broadcast).
settings-broadcast-moderators-button = Рассылки модераторов: { $state }
settings-broadcast-paid = <b>Платные рассылки</b>: { $state }. Когда включено, рассылки уходят с allow_paid_broadcast — до 1000 сообщений в секунду за 0,1 ⭐ за сообщение сверх бесплатного лимита (на балансе бота должны быть звёзды). Альбомы всегда отправляются бесплатно.
settings-broadcast-paid-button = Платные рассылки: { $state }
settings-contests-moderators = <b>Конкурсы модераторов</b>: { $state }. Когда включено, модераторы тоже могут создавать конкурсы и управлять ими (/newcontest, /contestadmin).
settings-contests-moderators-button = Конкурсы модераторов: { $state }
settings-paid-rate = Бюджет платного режима: { $rate } сообщений в секунду (PAID_SEND_RATE_PER_SECOND).
