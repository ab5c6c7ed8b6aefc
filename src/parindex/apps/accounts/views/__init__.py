"""Views of sign-in, "my account", units and users; one module per area."""
