"""Browser tests: the web app driven through Debian's chromium by Playwright."""
