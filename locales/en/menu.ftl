menu-title = <b>Main menu</b>
    Choose a section:
menu-library = 📚 Library
menu-upload = ➕ Share a material
menu-mymaterials = 📂 My materials
menu-search = 🔎 Search
menu-events = 📅 Events
menu-myevents = 🗓 My events
menu-newevent = ➕ New event
menu-moderate = 🛡 Moderation
menu-profile = 👤 Profile
menu-language = 🌐 Language
menu-privacy = 🔒 My data
menu-help = ❓ Help
menu-admin = 🛠 Administration
menu-broadcast = 📣 Broadcast
menu-broadcasts = 🗂 Broadcasts
menu-settings = ⚙️ Settings
help-intro = <b>Teachers' network community</b>
    This is where teachers get to know each other, share experience and grow professionally.

    Commands:
help-register = To join the community, tap /start
