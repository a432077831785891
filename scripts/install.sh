#!/usr/bin/env bash
# Installs the LIMS into ./.venv on a Debian/Ubuntu machine with Python 3.11 or newer.
#   bash scripts/install.sh          the application
#   bash scripts/install.sh --test   the application, its test tools, PostgreSQL and poppler
# Debian packages are installed with apt (through sudo when not run as root) only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

# Qt's system libraries (present on any desktop; missing on minimal images)
packages=(libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 libdbus-1-3 libx11-6
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1)
[ $with_tests -eq 1 ] && packages+=(postgresql poppler-utils libnss3-tools)
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  # another apt (an unattended upgrade) may hold the package lock: wait for it, up to 10 minutes
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ $with_tests -eq 1 ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[postgresql]'
fi
# the project is installed editable, so pip compiled only the dependencies: compile our own
# modules too, or the first starts spend about a second compiling them
.venv/bin/python -m compileall -q -j 0 lims instruments reports >/dev/null
echo "Installed: $(.venv/bin/lims --version) in $(pwd)/.venv"
