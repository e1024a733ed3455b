pytest_plugins = ["pnyx.testing.plugin"]
