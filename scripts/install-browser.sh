#!/usr/bin/env bash
# Install what the browser tests and the PNG views need on a Debian machine, as root:
#   chromium        — the headless browser Playwright drives (executable_path=/usr/bin/chromium;
#                     `playwright install` cannot download browsers on these machines)
#   fonts-noto-cjk  — Chinese glyphs for Chromium's canvas and for the matplotlib PNG renderer
# Skips cleanly when everything is already there, when apt-get is absent or when not root.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)

have() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  have "$pkg" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/chromium ]; then
  echo "install-browser.sh: chromium and fonts-noto-cjk already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser.sh: apt-get not found; install Chromium (/usr/bin/chromium) and a CJK font yourself" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: not root; skipping apt-get install of: ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]:-chromium}"
# matplotlib caches the font list: drop it so the new CJK font is found by the PNG renderer.
rm -rf "${HOME:-/root}/.cache/matplotlib" 2>/dev/null || true
echo "install-browser.sh: installed ${missing[*]:-chromium}"
