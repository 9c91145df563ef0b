#!/bin/sh
# Starts Chromium in Linux's idle scheduling class (REPORT_CPU_PRIORITY=idle, see
# src/reports/chromium-printer.ts). Puppeteer runs this in Chromium's place with Chromium's own
# arguments; exec keeps the process id, so Puppeteer still holds and stops the browser itself.
# Every thread Chromium starts inherits the class, and Chromium leaves it alone (it does reset
# nice values, when it runs as root).
exec chrt --idle 0 "$REPORT_CHROMIUM_BINARY" "$@"
