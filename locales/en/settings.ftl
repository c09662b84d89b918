## Community settings: /settings

settings-title = ⚙️ <b>Community settings</b>
settings-on = on
settings-off = off
settings-broadcast-moderators = <b>Moderators' broadcasts</b>: { $state }. When on, moderators may send broadcasts too (/broadcast).
settings-broadcast-moderators-button = Moderators' broadcasts: { $state }
settings-broadcast-paid = <b>Paid broadcasts</b>: { $state }. When on, broadcasts go out with allow_paid_broadcast: up to 1,000 messages per second for 0.1 ⭐ per message beyond the free limit (the bot needs Stars on its balance). Albums always go out free.
settings-broadcast-paid-button = Paid broadcasts: { $state }
settings-contests-moderators = <b>Moderators' contests</b>: { $state }. When on, moderators may create and manage contests too (/newcontest, /contestadmin).
settings-contests-moderators-button = Moderators' contests: { $state }
settings-paid-rate = Paid mode budget: { $rate } messages per second (PAID_SEND_RATE_PER_SECOND).
