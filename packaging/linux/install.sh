#!/usr/bin/env bash
# Install IPMP's desktop integration: the menu entry, the AppStream metainfo, the *.ipmp MIME type
# (so a double-click on a workspace opens the app) and the icons.
#
#   packaging/linux/install.sh [--prefix DIR] [--exec PROGRAM] [--uninstall]
#
#   --prefix DIR     install under DIR/share (default: ~/.local, for the current user only;
#                    /usr/local for everyone, as root)
#   --exec PROGRAM   the program the menu entry starts (default: the bundle dist/ipmp/ipmp when it
#                    has been built, else 'ipmp' from PATH, as 'pip install .' puts it)
#   --uninstall      remove what an install with the same --prefix put there
#
# The caches of the MIME database, the desktop entries and the icon theme are refreshed with
# update-mime-database, update-desktop-database and gtk-update-icon-cache when they are installed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app_id="io.github.ipmp.Desktop"
prefix="${HOME}/.local"
program=""
uninstall=0

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --exec) program="${2:?--exec needs a program}"; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

data="$prefix/share"
sizes=(16 24 32 48 64 128 256 512)
installed=(
  "$data/applications/$app_id.desktop"
  "$data/metainfo/$app_id.metainfo.xml"
  "$data/mime/packages/$app_id.xml"
  "$data/icons/hicolor/scalable/apps/$app_id.svg"
)
for size in "${sizes[@]}"; do
  installed+=("$data/icons/hicolor/${size}x${size}/apps/$app_id.png")
done

refresh_caches() {
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$data/mime"
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications"
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor"
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "${installed[@]}"
  mkdir -p "$data/mime/packages" "$data/applications"
  refresh_caches
  echo "Removed IPMP's desktop integration from $data."
  exit 0
fi

if [ -z "$program" ]; then
  if [ -x "$root/dist/ipmp/ipmp" ]; then
    program="$root/dist/ipmp/ipmp"
  else
    program="ipmp"
  fi
fi
case "$program" in
  */*) [ -x "$program" ] || { echo "install.sh: $program is not an executable file" >&2; exit 2; } ;;
  *) command -v "$program" >/dev/null 2>&1 ||
       echo "install.sh: note: '$program' is not on PATH yet; the menu entry needs it there." >&2 ;;
esac
# The desktop entry spec wants an argument with a space or a reserved character in double
# quotes; the few characters that would need escaping inside them are refused instead.
case "$program" in
  *[\"\`\$\\%]*) echo "install.sh: name a program whose path has no \" \` \$ \\ or %" >&2; exit 2 ;;
esac
if [[ "$program" =~ [^A-Za-z0-9_./+-] ]]; then
  quoted="\"$program\""
else
  quoted="$program"
fi

mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" \
  "$data/icons/hicolor/scalable/apps"
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    Exec=*) printf 'Exec=%s %%f\n' "$quoted" ;;
    TryExec=*) printf 'TryExec=%s\n' "$program" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$here/$app_id.desktop" >"$data/applications/$app_id.desktop"
install -m 644 "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
install -m 644 "$here/$app_id.mime.xml" "$data/mime/packages/$app_id.xml"
install -m 644 "$root/resources/icons/hicolor/scalable/apps/ipmp.svg" \
  "$data/icons/hicolor/scalable/apps/$app_id.svg"
for size in "${sizes[@]}"; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$root/resources/icons/hicolor/${size}x${size}/apps/ipmp.png" \
    "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
refresh_caches
echo "Installed IPMP's menu entry, MIME type and icons under $data (starts: $program)."
