# Installs the Debian packages a program needs, as tools/debian-packages.txt lists them (the one list), and only
# those that are missing, saying what and why before it asks for anything. Sourced by tools/launch.sh (./vist,
# ./vist-train) and .ci/run.

vist_packages_file="$(dirname "${BASH_SOURCE[0]}")/debian-packages.txt"

# "package<TAB>why" for each package WHO needs (vist, vist-train, or all: the tests need every one) that is not installed
missing_debian_packages() {
  local wanted installed
  wanted=$(awk -v who="$1" '!/^#/ && NF >= 4 {
      n = split($3, programs, ","); take = (who == "all")
      for (i = 1; i <= n; i++) if (programs[i] == who) take = 1
      if (!take) next
      why = $4; for (i = 5; i <= NF; i++) why = why " " $i
      print $1 "\t" why }' "$vist_packages_file")
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' $(cut -f1 <<<"$wanted") 2>/dev/null | awk '/ install ok installed$/ {print $1}')
  while IFS=$'\t' read -r package why; do
    grep -qx -- "$package" <<<"$installed" || printf '%s\t%s\n' "$package" "$why"
  done <<<"$wanted"
}

# ensure_debian_packages WHO [NAME]: installs what WHO lacks (with sudo when not root); NAME is who speaks.
# Returns non-zero when something is missing and could not be installed.
ensure_debian_packages() {
  local who=$1 name=${2:-$1} missing names
  command -v dpkg-query >/dev/null || return 0   # not Debian: the programs name what they lack themselves
  missing=$(missing_debian_packages "$who")
  [ -z "$missing" ] && return 0
  names=$(cut -f1 <<<"$missing" | paste -sd' ')
  {
    echo "$name needs these Debian packages, which are not installed:"
    while IFS=$'\t' read -r package why; do printf '  %-16s %s\n' "$package" "$why"; done <<<"$missing"
  } >&2
  local as=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "$name: cannot install them here (not root, no sudo); as root: apt-get install $names" >&2
      return 1
    fi
    as=(sudo)
    # without a terminal (a batch job) nobody can type a password: fail at once instead of waiting
    [ -t 0 ] || as+=(-n)
    echo "installing them with sudo (it may ask for your password): sudo apt-get install $names" >&2
  else
    echo "installing them: apt-get install $names" >&2
  fi
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null &&
    "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $names >/dev/null
}
