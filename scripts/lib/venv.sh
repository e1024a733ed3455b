# Shared by scripts/start and scripts/test: make .venv hold Pnyx and the hashed lock it is given.
#
#   ensure_venv requirements/base.txt
#
# Recovers from a half-made .venv (e.g. `python3 -m venv` failed because python3-venv was missing,
# leaving a .venv without pip): it is removed and made again. Skips the installs when neither the
# lock nor pyproject.toml changed since the last successful one (a stamp in .venv), so running the
# script again costs nothing.

ensure_venv() {
  local lock=$1 python=${PYTHON:-python3}
  if [[ -e .venv ]] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    echo "The .venv here is incomplete (an earlier attempt stopped part-way): making it again…"
    rm -rf .venv
  fi
  if [[ ! -e .venv ]]; then
    echo "Creating .venv…"
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      die "could not create a virtualenv; install Python's venv module (Debian/Ubuntu: apt-get install python3-venv) and run again."
    fi
  fi
  local stamp=".venv/.pnyx-installed-$(basename "$lock" .txt)" wanted
  wanted=$(cat "$lock" pyproject.toml | "$python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
  if [[ -f $stamp && $(<"$stamp") == "$wanted" ]]; then
    return 0
  fi
  echo "Installing Pnyx and its dependencies into .venv (hashed lock: $lock)…"
  rm -f "$stamp"
  local pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
  "${pip[@]}" --upgrade pip
  "${pip[@]}" --require-hashes -r "$lock"
  # setuptools' editable build prints a banner meant for package authors; it says nothing
  # about this install.
  PYTHONWARNINGS=ignore "${pip[@]}" --no-deps -e .
  echo "$wanted" >"$stamp"
}
