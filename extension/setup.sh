#!/usr/bin/env bash
# Everything the extension's tests need, installed only when missing (quiet when all is there):
#   - Debian's Chromium (/usr/bin/chromium), for the end-to-end test (Playwright's own browser
#     download cannot be used here);
#   - Xvfb and xdotool, so the end-to-end test can press the real keyboard shortcut in a headed
#     Chromium; xwd (x11-apps) and netpbm for its whole-window screenshot;
#   - Node.js and npm, if absent;
#   - extension/node_modules from package-lock.json (playwright-core only).
# Usage: bash extension/setup.sh        (root, or sudo available, for the apt part)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[extension] %s\n' "$*" >&2; }

apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      log "need root to install: $*; install them and run again"
      return 1
    fi
  fi
  log "installing $* (apt)"
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
command -v xwd >/dev/null 2>&1 || missing+=(x11-apps)
command -v pnmtopng >/dev/null 2>&1 || missing+=(netpbm)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

wanted="$(node -p "require('$here/package-lock.json').packages['node_modules/playwright-core'].version")"
installed="$(node -p "try { require('$here/node_modules/playwright-core/package.json').version } catch { '' }")"
if [ "$wanted" != "$installed" ]; then
  log "installing playwright-core $wanted (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
