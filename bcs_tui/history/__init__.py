"""The local history: every operation seen, in its last seen form, in one SQLite file.

``store.py`` is the file (blocking calls); ``writer.py`` runs the store on a thread of its
own for the dashboard, so no write ever waits on the UI's event loop."""
