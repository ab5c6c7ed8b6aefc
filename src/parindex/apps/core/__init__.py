"""Public pages: home, demo results, health check; sign-in templates; shared layout."""
