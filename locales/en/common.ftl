errors-stale-button = This button no longer works.
errors-forbidden = You don't have permission to do that.
errors-not-found = Not found.
errors-not-registered = Please join the community first: /start
errors-internal = Something went wrong. We're already looking into it — please try again a little later.
errors-rate-limited = Too many messages in a row. Please wait a couple of seconds.
cancel-nothing = There's nothing to cancel right now.
unhandled-command = There's no such command. See the list of commands: /help
unhandled-text = Sorry, I didn't understand that. Open the menu: /menu or see the list of commands: /help

member-role-MEMBER = member
member-role-MODERATOR = moderator
member-role-ADMIN = administrator

command-start = Start (registration)
command-menu = Main menu
command-profile = My profile
command-language = Interface language
command-help = Help and list of commands
command-privacy = Privacy policy
command-mydata = My data (JSON file)
command-forgetme = Delete my data
command-cancel = Cancel the current action
command-admin = Administration
command-audit = Audit log
