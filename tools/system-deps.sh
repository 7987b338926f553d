#!/usr/bin/env bash
# Make sure the system libraries Qt needs are present: install them with apt-get when we
# can (root on Debian/Ubuntu), otherwise stop with one sentence naming the packages.
# Usage: tools/system-deps.sh test|run|screenshots
set -euo pipefail
purpose=${1:-test}

# soname-or-command -> Debian package
declare -A needed=(
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1
  [libfreetype.so.6]=libfreetype6
  [libglib-2.0.so.0]=libglib2.0-0
  [libdbus-1.so.3]=libdbus-1-3
)
if [ "$purpose" = run ]; then
  needed+=(
    [libxcb-icccm.so.4]=libxcb-icccm4
    [libxcb-keysyms.so.1]=libxcb-keysyms1
    [libxcb-cursor.so.0]=libxcb-cursor0
    [libxcb-image.so.0]=libxcb-image0
    [libxcb-render-util.so.0]=libxcb-render-util0
    [libxcb-shape.so.0]=libxcb-shape0
    [libxcb-randr.so.0]=libxcb-randr0
    [libxcb-xkb.so.1]=libxcb-xkb1
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  )
else
  # zbarimg reads the printed QR codes and barcodes back in the document tests.
  needed+=([pdftoppm]=poppler-utils [qpdf]=qpdf [zbarimg]=zbar-tools)
fi
# The county hub's overview pages are pictured as a browser draws them.
[ "$purpose" = screenshots ] && needed+=([chromium]=chromium)

missing=()
# Read once and matched in bash: `ldconfig -p | grep -q` under pipefail fails at random
# (grep quits at the first match, ldconfig dies of SIGPIPE) and names present libraries.
libs=$(ldconfig -p 2>/dev/null || true)
have_lib() { [[ $libs == *"$1 "* ]]; }
for thing in "${!needed[@]}"; do
  if [[ $thing == *.so* ]]; then have_lib "$thing" || missing+=("${needed[$thing]}")
  else command -v "$thing" >/dev/null 2>&1 || missing+=("${needed[$thing]}"); fi
done
# The sync integration tests start their own PostgreSQL server for the hub's storage
# (tests/integration/sync/conftest.py). Debian keeps its binaries off PATH, under
# /usr/lib/postgresql/VERSION/bin.
if [ "$purpose" != run ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
  && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's package makes (and may start) a default cluster; the tests never use it, and
  # no server may outlive the run.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      pg_dropcluster --stop "$version" "$name" || true
    done
  fi
  exit 0
fi
echo "Missing system packages, please install them (e.g. sudo apt-get install ${missing[*]})." >&2
exit 1
