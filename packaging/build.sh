#!/usr/bin/env bash
# Build the one-folder Linux bundle dist/ipmp/ and smoke-run it, offscreen, from the bundle.
#
#   bash packaging/build.sh
#
# Needs Python 3.11+ with venv, and the Qt runtime libraries a desktop has (.ci/run installs them
# on a bare Debian). Makes its own virtualenv under build/venv (PYTHON picks the interpreter),
# installs the app with its `package` extra (PyInstaller) into it, runs
# packaging/pyinstaller/ipmp.spec, then runs the bundled `ipmp` from a scratch folder with no
# Python path: --version, a 50-task demo workspace, a Gantt PDF export, a check of the workspace,
# and the GUI started for a few seconds. Prints the bundle's size; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
venv="$root/build/venv"
bundle="$root/dist/ipmp"
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - started))"; }
fail() { echo "build.sh: $*" >&2; exit 1; }

step "tools"
# PyInstaller reads shared-library dependencies with objdump and strips them with strip (binutils).
if ! command -v objdump >/dev/null 2>&1 || ! command -v strip >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils >/dev/null
  else
    fail "PyInstaller needs objdump and strip: install binutils"
  fi
fi

step "virtualenv $venv"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install -q -e ".[package,postgres]"
version="$("$venv/bin/python" -c 'import ipmp_desktop; print(ipmp_desktop.__version__)')"

step "PyInstaller"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$root/dist" \
  --workpath "$root/build/pyinstaller" packaging/pyinstaller/ipmp.spec

step "bundle contents"
internal="$bundle/_internal"
[ -x "$bundle/ipmp" ] || fail "$bundle/ipmp was not built"
for needed in ipmp_desktop/migrations/env.py ipmp_desktop/resources/icons/ipmp.svg \
              ipmp_desktop/resources/icons/hicolor/48x48/apps/ipmp.png; do
  [ -f "$internal/$needed" ] || fail "the bundle lacks $needed"
done
compgen -G "$internal/ipmp_desktop/migrations/versions/0001_*.py" >/dev/null ||
  fail "the bundle lacks the migration scripts"
plugins="$internal/PySide6/Qt/plugins"
for plugin in platforms/libqoffscreen.so platforms/libqxcb.so imageformats/libqsvg.so \
              iconengines/libqsvgicon.so; do
  [ -f "$plugins/$plugin" ] || fail "the bundle lacks the Qt plugin $plugin"
done
[ -d "$plugins/printsupport" ] || echo "note: no Qt printsupport plugins (CUPS printing) in the bundle"
test_only="$(find "$internal" -maxdepth 2 \( -iname '*pytest*' -o -iname 'hypothesis*' \
  -o -iname 'mpxj*' -o -iname '*jpype*' -o -iname 'ruff*' \) -print -quit)"
[ -z "$test_only" ] || fail "the bundle holds a test-only package: $test_only"

step "smoke run from the bundle"
scratch="$(mktemp -d)"
trap 'cd "$root"; rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
cd "$scratch"  # away from the source tree
# the bundled program with no Python path and a clean home
clean=(-u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV HOME="$scratch/home"
  XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
  XDG_STATE_HOME="$scratch/home/.local/state" XDG_CACHE_HOME="$scratch/home/.cache"
  QT_QPA_PLATFORM=offscreen)
run() { env "${clean[@]}" "$bundle/ipmp" "$@"; }
said="$(run --version)"
echo "$said"
[ "$said" = "ipmp $version" ] || fail "--version said '$said', not 'ipmp $version'"
run demo "$scratch/x.ipmp" --tasks 50
run check "$scratch/x.ipmp"
run export "$scratch/x.ipmp" --view gantt -o "$scratch/x.pdf"
[ -s "$scratch/x.pdf" ] || fail "the Gantt export wrote no PDF"
[ "$(head -c 5 "$scratch/x.pdf")" = "%PDF-" ] || fail "the Gantt export is not a PDF"
echo "x.pdf: $(wc -c <"$scratch/x.pdf") bytes"
# The file formats are imported by name at run time: write and read one back from the bundle.
run export "$scratch/x.ipmp" -o "$scratch/x.xml"
run import "$scratch/x.xml" -o "$scratch/y.ipmp" | tail -n 1
run export "$scratch/x.ipmp" -o "$scratch/x.ics"
[ -s "$scratch/x.ics" ] || fail "the iCalendar export wrote nothing"
# The GUI: up for 5 s with the demo workspace, then stopped; it must still be running by then.
set +e
env "${clean[@]}" "$bundle/ipmp" "$scratch/x.ipmp" --settings "$scratch/settings.ini" \
  >"$scratch/gui.log" 2>&1 &
gui=$!  # env execs the program, so this is the GUI's own process
sleep 5
kill -0 "$gui" 2>/dev/null
alive=$?
kill "$gui" 2>/dev/null
wait "$gui" 2>/dev/null
set -e
if [ "$alive" != 0 ] || grep -q "Traceback" "$scratch/gui.log"; then
  cat "$scratch/gui.log" >&2
  fail "the bundled GUI did not stay up"
fi
echo "GUI ran for 5 s"

step "done"
echo "bundle: $(du -sh "$bundle" | cut -f1) in $bundle (built in $((SECONDS - started)) s)"
