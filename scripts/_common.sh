# Shared set-up steps for scripts/demo, scripts/test and scripts/build (sourced, not run).
# They make a fresh Debian machine with Python 3.11 ready: Debian packages when missing,
# then a virtual environment in the repository with the project installed into it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '==> %s\n' "$*" >&2; }

# Libraries Qt's xcb platform plugin loads on a bare Debian (offscreen needs a subset).
QT_RUNTIME_DEBS=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core)

# Installs the Debian packages that are missing, when we can (root or passwordless sudo).
ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      say "missing Debian packages: ${missing[*]} (not root and no sudo: install them yourself)"
      return 0
    fi
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Picks Python >= 3.11.
find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer is needed"; return 1
}

# Creates or reuses .venv and installs the project with the given extras ("" for none).
ensure_venv() {
  local extras="$1" python stamp
  python="$(find_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      ensure_debs python3-venv
      rm -rf "$VENV"; "$python" -m venv "$VENV"
    fi
  fi
  # The versions tested are pinned in constraints.txt; the stamp follows both files.
  stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum \
    | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    say "installing analytix-desktop${extras:+[$extras]} into .venv"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT${extras:+[$extras]}"
    touch "$stamp"
  fi
}
