#!/usr/bin/env bash
# System packages the project needs beyond Python (Debian). Idempotent: installs
# only what is missing, so it is cheap to run before every test run.
set -euo pipefail
# Factsheets: WeasyPrint needs Pango (and HarfBuzz subsetting for compact, reproducible
# PDFs); the page-image test renders PDFs with pdftoppm from poppler-utils.
# Browser and accessibility tests drive Debian's chromium through Playwright
# (no browser download from Playwright's CDN: CI reaches only package registries).
PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium fonts-dejavu-core)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
