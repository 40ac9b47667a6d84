"""The demo world (seed_demo): uses every other app, and nothing uses it."""
