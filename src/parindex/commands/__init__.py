"""The subcommands of the ``parindex`` command line, one module each."""
