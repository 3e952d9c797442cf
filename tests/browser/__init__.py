"""Real-browser tests: the built site in headless Chromium (marked `browser`)."""
