"""The project package: settings, the URLconf and the WSGI entry point, above every app."""
